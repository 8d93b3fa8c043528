// Registry records that a case's bundle carries: the sealed records of who read the case, and the
// publication of the procedure version the case runs under (its definition must be the one
// published, or the bundle would show rules the case never ran by).
import { hashJson } from "../hash.js";
import type { ProcedureRow, SealedRecord } from "./bundle.js";
import { failed, passed, type Check, type Finding } from "./findings.js";
import { hashCheck, inclusionCheck, sealCheck, type LogRoot } from "./record-checks.js";
import { recordRowCheck } from "./verify-rows.js";

export interface RecordResult {
  stream: string;
  seq: number;
  action: string;
  at: string;
  ok: boolean;
  checks: Check[];
}

export async function recordChecks(r: SealedRecord, root: LogRoot | undefined, key: CryptoKey | undefined, crypto: Crypto, meaning: Check): Promise<RecordResult> {
  const e = r.entry;
  const position = { stream: e.stream, seq: e.seq, hash: e.hash, seal: r.seal, logIndex: r.logIndex, inclusionProof: r.inclusionProof, logged: r.logged ?? undefined };
  const checks = [hashCheck(e, "registry_entries"), meaning, recordRowCheck(r.row, e), await sealCheck(position, key, crypto, "registry_entries"), inclusionCheck(position, root, "registry_entries")];
  return { stream: e.stream, seq: e.seq, action: e.action, at: e.at, ok: checks.every((c) => c.ok || c.pending), checks };
}

/** A read record must be a read and must name the case it is listed for. */
export function readMeaning(r: SealedRecord, caseId: string): Check {
  const data = r.entry?.data as { cases?: unknown } | undefined;
  const named = r.entry?.action === "read" && Array.isArray(data?.cases) && data.cases.includes(caseId);
  return named
    ? passed("link", "read.ok", "a read of this case")
    : failed("link", "read.other-case", "the record is not a read of this case", { column: "registry_entries.entry" });
}

/** The publication must be of this procedure and version, with the content hash of the definition shown. */
export function publicationMeaning(r: SealedRecord, procedure: { id: string; version: number; definition: unknown }): Check {
  const data = r.entry?.data as { version?: unknown; contentHash?: unknown } | undefined;
  if (r.entry?.stream !== `procedure:${procedure.id}` || r.entry?.action !== "procedure.publish" || data?.version !== procedure.version) {
    return failed("link", "procedure.publication-other", `the record is not the publication of ${procedure.id}@${procedure.version}`);
  }
  let hash = "";
  try {
    hash = hashJson(procedure.definition);
  } catch {
    // an unrepresentable definition hashes to nothing, and so matches nothing
  }
  return data.contentHash === hash
    ? passed("link", "procedure.ok", `the definition is the one published as ${procedure.id}@${procedure.version}`)
    : failed("link", "procedure.definition-changed", "the procedure definition differs from the one published", { column: "procedure_versions.definition" });
}

/** The procedure_versions row's other columns say what its publication record says. */
export function verifyProcedureRow(row: ProcedureRow, publication: SealedRecord, definition: unknown): Finding[] {
  const data = (publication.entry?.data ?? {}) as { contentHash?: unknown; inForceFrom?: unknown };
  const ms = (v: unknown) => (typeof v === "string" ? Date.parse(v) : NaN);
  const columns: Array<[string, unknown, unknown]> = [
    ["content_hash", row.contentHash, data.contentHash],
    ["published_at", ms(row.publishedAt), ms(publication.entry?.at)],
    ["published_by", row.publishedBy, publication.entry?.actor?.id],
    ["level", row.level, (definition as { level?: unknown } | null)?.level],
    // Publications recorded before their in-force time was sealed with them carry none to compare with.
    ...(data.inForceFrom !== undefined ? ([["in_force_from", ms(row.inForceFrom), ms(data.inForceFrom)]] as Array<[string, unknown, unknown]>) : []),
  ];
  return columns
    .filter(([, a, b]) => a !== b)
    .map(([column]) => ({ reason: "procedure.column-mismatch", params: { column: `procedure_versions.${column}` }, detail: `the procedure version's ${column} differs from its publication record` }));
}
