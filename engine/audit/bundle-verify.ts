// Verifies an evidence bundle offline: the signed checkpoint; each entry's hash, link, recorded
// changes, row columns, seal, signature (re-verified from its kept evidence) and inclusion in the
// log; then the case row, its register lines and outbox messages, the records of who read it and
// its procedure's publication against the chain. Used by the auditor API, the public result check
// and `motcua audit verify`; the result names the first failure.
import { canonicalJson, hashJson, toHex, utf8 } from "../hash.js";
import type { AuditEntry } from "../case.js";
import type { Procedure } from "../../schemas/generated/procedure.js";
import { verifyCheckpoint } from "./checkpoint.js";
import { caseStream } from "./leaf.js";
import { reverify } from "../signature/reverify.js";
import { publicFactsOf } from "../public-facts.js";
import type { BundleEntry, EvidenceBundle } from "./bundle.js";
import { BUNDLE_FORMAT, BUNDLE_FORMAT_V1 } from "./bundle.js";
import { failed, passed, type Check, type Finding } from "./findings.js";
import { hashCheck, importSealKey, inclusionCheck, sealCheck, type LogRoot } from "./record-checks.js";
import { rebuildCase, type RebuiltCase } from "./case-rebuild.js";
import type { CommittedCase } from "./case-state.js";
import { entryRowCheck } from "./verify-rows.js";
import { verifyCaseRow } from "./verify-case-row.js";
import { verifyOutboxRows, verifyRegisterRows } from "./verify-effects.js";
import { publicationMeaning, readMeaning, recordChecks, verifyProcedureRow, type RecordResult } from "./verify-records.js";

export type { Check, Finding } from "./findings.js";

export interface EntryResult {
  seq: number;
  action: string;
  ok: boolean;
  checks: Check[];
}

export interface BundleReport {
  ok: boolean;
  checkpoint: { ok: boolean; size?: number; rootHash?: string; detail: string } & Finding;
  entries: EntryResult[];
  /** The records of who read the case's personal data, each checked like an entry. */
  reads: RecordResult[];
  /** The publication of the case's procedure version. */
  procedure: RecordResult | null;
  /** Problems not attached to one entry (the case row, rows elsewhere, missing entries), in English. */
  problems: string[];
  /** The same problems as codes, in the same order. */
  findings: Finding[];
  firstFailure?: string;
}

export interface VerifyBundleOptions {
  /** The log's Ed25519 public key (raw 32 bytes or CryptoKey) and its note key name. */
  logKey: { name: string; publicKey: CryptoKey | Uint8Array };
  /** Trust anchors for signatures; when absent the anchors kept in each signature's chain are used (and reported as such). */
  anchors?: string[];
  crypto: Crypto;
}

export async function verifyBundle(bundle: EvidenceBundle, o: VerifyBundleOptions): Promise<BundleReport> {
  if (!bundle || (bundle.format !== BUNDLE_FORMAT && bundle.format !== BUNDLE_FORMAT_V1) || !Array.isArray(bundle.entries) || !bundle.case) {
    return {
      ok: false, checkpoint: { ok: false, reason: "checkpoint.not-a-bundle", detail: "not an evidence bundle" }, entries: [], reads: [], procedure: null,
      problems: ["not a motcua evidence bundle"], findings: [{ reason: "case.not-a-bundle" }], firstFailure: "not a motcua evidence bundle",
    };
  }
  const cp = bundle.checkpoint ? await verifyCheckpoint(bundle.checkpoint.note, o.logKey, o.crypto) : undefined;
  const checkpoint: BundleReport["checkpoint"] = !cp
    ? { ok: false, reason: "checkpoint.missing", detail: "no checkpoint in the bundle" }
    : cp.ok
      ? { ok: true, size: cp.size, rootHash: toHex(cp.rootHash), reason: "checkpoint.ok", params: { size: cp.size }, detail: `checkpoint of ${cp.size} leaves, signature valid` }
      : { ok: false, reason: "checkpoint.refused", params: { reason: cp.reason }, detail: `checkpoint refused: ${cp.reason}` };
  const root = cp && cp.ok ? { size: cp.size, hash: cp.rootHash } : undefined;
  const sealKey = await importSealKey(o.logKey.publicKey, o.crypto).catch(() => undefined);
  const def = bundle.procedure?.definition as Procedure | null | undefined;
  const rebuilt = rebuildCase(bundle.entries.map((b) => b?.entry));

  const entries: EntryResult[] = [];
  let prev = "0".repeat(64);
  for (const [i, be] of bundle.entries.entries()) {
    const checks = await entryChecks(be, i, prev, bundle, rebuilt, root, sealKey, def, o);
    entries.push({ seq: be?.entry?.seq ?? i, action: String(be?.entry?.action), ok: checks.every((c) => c.ok || c.pending), checks });
    prev = be?.entry?.hash;
  }

  const findings = caseFindings(bundle, rebuilt, def);
  const reads = await Promise.all((bundle.reads ?? []).map((r) => recordChecks(r, root, sealKey, o.crypto, readMeaning(r, bundle.case.id))));
  const publication = bundle.procedure?.publication;
  const procedure = publication ? await recordChecks(publication, root, sealKey, o.crypto, publicationMeaning(publication, bundle.procedure)) : null;
  if (publication && bundle.procedure.row) findings.push(...verifyProcedureRow(bundle.procedure.row, publication, bundle.procedure.definition));
  if (bundle.format === BUNDLE_FORMAT && !publication) findings.push({ reason: "procedure.publication-missing", detail: "the bundle does not carry the publication of the case's procedure version" });

  const badEntry = entries.find((e) => !e.ok);
  const badRecord = [...(procedure ? [procedure] : []), ...reads].find((r) => !r.ok);
  const problems = findings.map((f) => f.detail ?? f.reason);
  const firstFailure = !checkpoint.ok
    ? checkpoint.detail
    : badEntry
      ? `entry ${badEntry.seq} (${badEntry.action}): ${badEntry.checks.find((c) => !c.ok && !c.pending)!.detail}`
      : (problems[0] ?? (badRecord ? `record ${badRecord.stream}#${badRecord.seq} (${badRecord.action}): ${badRecord.checks.find((c) => !c.ok && !c.pending)!.detail}` : undefined));
  return { ok: firstFailure === undefined, checkpoint, entries, reads, procedure, problems, findings, ...(firstFailure ? { firstFailure } : {}) };
}

async function entryChecks(
  be: BundleEntry, i: number, prev: string, bundle: EvidenceBundle, rebuilt: RebuiltCase, root: LogRoot | undefined,
  sealKey: CryptoKey | undefined, def: Procedure | null | undefined, o: VerifyBundleOptions,
): Promise<Check[]> {
  const e = be?.entry ?? ({} as AuditEntry);
  const caseId = bundle.case.id;
  const stream = caseStream(caseId);
  const checks: Check[] = [hashCheck(e, "audit_entries"), linkCheck(e, i, prev, caseId)];
  const state = stateCheck(rebuilt.problems[i]);
  if (state) checks.push(state);
  if (be?.row) checks.push(entryRowCheck(be.row, e, rebuilt.states[i]));
  const logged = bundle.logged?.find((l) => l.seq === e.seq);
  const laterLogged = (bundle.logged ?? []).some((l) => l.seq > e.seq);
  const position = { stream, seq: e.seq, hash: e.hash, seal: be?.seal ?? null, logIndex: be?.logIndex ?? null, inclusionProof: be?.inclusionProof ?? null, logged, laterLogged };
  checks.push(await sealCheck(position, sealKey, o.crypto, "audit_entries"));
  if (e.signature) checks.push(await signatureCheck(e, i > 0 ? rebuilt.states[i - 1] : undefined, def, o));
  checks.push(inclusionCheck(position, root, "audit_entries"));
  return checks;
}

function linkCheck(e: AuditEntry, i: number, prev: string, caseId: string): Check {
  const problems: Array<Finding & { text: string }> = [
    ...(e.caseId !== caseId ? [{ reason: "link.other-case", params: { caseId: String(e.caseId) }, text: `belongs to case ${e.caseId}` }] : []),
    ...(e.prevHash !== prev ? [{ reason: "link.broken", text: "does not link to the entry before it (deleted, reordered or inserted entries)" }] : []),
    ...(e.seq !== i ? [{ reason: "link.position", params: { position: i, seq: Number(e.seq) }, text: `is at position ${i} but numbered ${e.seq}` }] : []),
  ];
  const [first] = problems;
  if (!first) return passed("link", "link.ok", "links to the previous entry");
  return failed("link", first.reason, problems.map((x) => x.text).join("; "), first.params);
}

function stateCheck(problem: RebuiltCase["problems"][number]): Check | undefined {
  switch (problem) {
    case undefined:
      return passed("state", "state.ok", "its recorded changes rebuild the case it hashed");
    case "changes-malformed":
      return failed("state", "state.changes-malformed", "its recorded changes do not apply to the case before it");
    case "state-mismatch":
      return failed("state", "state.mismatch", "its recorded changes do not rebuild the case it hashed");
    default:
      return undefined; // scheme-1 entries record no changes
  }
}

async function signatureCheck(e: AuditEntry, before: CommittedCase | undefined, def: Procedure | null | undefined, o: VerifyBundleOptions): Promise<Check> {
  const p = e.signedPayload;
  // The signed payload must name this very step: same case, action, position and preceding hash.
  if (!p || p.caseId !== e.caseId || p.action !== e.action || p.seq !== e.seq || p.auditHead !== e.prevHash) {
    return failed("signature", "signature.unbound", "the signed payload is not bound to this step");
  }
  // ...and what it says of the dossier must be the dossier as the chain had it at that step.
  if (before && !payloadDescribes(p, before, def)) return failed("signature", "signature.payload-not-case", "the signed payload does not describe the dossier as it stood at this step");
  const chain = e.signature!.chain ?? [];
  const anchors = o.anchors ?? chain.slice(-1);
  const report = await reverify(e.signature!, utf8(canonicalJson(p)), anchors, o.crypto);
  const who = e.signature!.signer?.subject ?? "?";
  if (report.indication === "PASSED") {
    return passed("signature", o.anchors ? "signature.ok" : "signature.ok-bundle-anchor", `signed by ${who}${o.anchors ? "" : " (anchor taken from the bundle)"}`, { signer: who });
  }
  const reason = report.checks.find((c) => c.result !== "PASSED");
  return failed("signature", "signature.refused", `${report.code ?? "signature refused"}: ${reason?.detail ?? ""}`, { code: report.code ?? "signature.refused" });
}

function payloadDescribes(p: NonNullable<AuditEntry["signedPayload"]>, before: CommittedCase, def: Procedure | null | undefined): boolean {
  if (p.dataHash !== undefined && p.dataHash !== hashJson({ v: 1, data: before.data })) return false;
  if (p.documents !== undefined) {
    const docs = ((before.documents as Array<{ id: string; sha256: string }>) ?? []).map((d) => ({ id: d.id, sha256: d.sha256 })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (canonicalJson(docs) !== canonicalJson(p.documents)) return false;
  }
  const declared = def?.actions?.find((a) => a.id === p.action)?.signature?.publicFacts;
  if (p.facts !== undefined && declared && canonicalJson(publicFactsOf(before as never, declared)) !== canonicalJson(p.facts)) return false;
  return true;
}

function caseFindings(bundle: EvidenceBundle, rebuilt: RebuiltCase, def: Procedure | null | undefined): Finding[] {
  const findings: Finding[] = [];
  const entries = bundle.entries.map((b) => b?.entry);
  const present = new Set(entries.map((e) => e?.seq));
  for (const l of bundle.logged ?? []) {
    if (!present.has(l.seq)) findings.push({ reason: "case.entry-missing", params: { seq: l.seq, index: l.index, table: "audit_entries" }, detail: `entry ${l.seq} is missing: the log holds it at index ${l.index}` });
  }
  if (bundle.case.seq !== entries.length) {
    findings.push({ reason: "case.count-mismatch", params: { head: bundle.case.seq, history: entries.length, column: "cases.seq" }, detail: `the case head counts ${bundle.case.seq} entries, the history has ${entries.length}` });
  } else if (entries.length > 0 && bundle.case.auditHead !== entries.at(-1)!.hash) {
    findings.push({ reason: "case.head-mismatch", params: { column: "cases.audit_head" }, detail: "the case's audit head does not match its last entry" });
  }
  if (bundle.format === BUNDLE_FORMAT_V1) {
    if (entries.some((e) => e?.v === 2)) findings.push({ reason: "bundle.downgraded", detail: "a bundle in the old format cannot carry entries of the current scheme: rows were left out" });
  } else if (!bundle.caseRow || !Array.isArray(bundle.registerEntries) || !Array.isArray(bundle.outbox) || !Array.isArray(bundle.reads)) {
    findings.push({ reason: "bundle.incomplete", detail: "the bundle lacks rows its format requires" });
  }
  const last = entries.at(-1);
  findings.push(...verifyCaseRow(bundle.case, bundle.caseRow, rebuilt, last ? { dossierHash: last.dossierHash, seq: last.seq } : undefined, (s) => def?.states?.[s]?.owner));
  findings.push(...verifyRegisterRows(bundle.registerEntries ?? [], entries, rebuilt.states));
  findings.push(...verifyOutboxRows(bundle.outbox ?? [], entries, rebuilt.states));
  return findings;
}
