// Verifies an evidence bundle offline: the signed checkpoint, each entry's hash and link, the
// server's seal, each signature (re-verified from its kept evidence), and inclusion in the log.
// Used by the auditor API and by `motcua audit verify`; the result names the first failing entry.
import { canonicalJson, fromHex, toHex, utf8 } from "../hash.js";
import { hashEntry } from "./entry.js";
import { verifyCheckpoint } from "./checkpoint.js";
import { verifyInclusion } from "./merkle-verify.js";
import { caseStream, entryLeafHash, sealMessage } from "./leaf.js";
import { evidenceAnchors, reverify } from "../signature/reverify.js";
import type { BundleEntry, EvidenceBundle } from "./bundle.js";
import { BUNDLE_FORMAT } from "./bundle.js";

/** What a check found, as a stable code with its values, so a client can word it in its own language; `detail` is the English text. */
export interface Finding {
  reason: string;
  params?: Record<string, string | number>;
}

export interface Check extends Finding {
  check: "hash" | "link" | "seal" | "signature" | "inclusion";
  ok: boolean;
  /** "pending": not yet covered by a checkpoint; neither a pass nor a tampering sign. */
  pending?: boolean;
  detail: string;
}

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
  /** Problems not attached to a present entry (e.g. an entry missing from the database), in English. */
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
  if (!bundle || bundle.format !== BUNDLE_FORMAT || !Array.isArray(bundle.entries)) {
    return {
      ok: false, checkpoint: { ok: false, reason: "checkpoint.not-a-bundle", detail: "not an evidence bundle" }, entries: [],
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
  const caseId = bundle.case.id;
  const stream = caseStream(caseId);

  // Import the log key once per bundle, not per entry.
  const sealKey = await importSealKey(o).catch(() => undefined);
  const entries: EntryResult[] = [];
  let prev = "0".repeat(64);
  for (const [i, be] of bundle.entries.entries()) {
    const checks = await entryChecks(be, i, prev, caseId, stream, root, sealKey, o);
    entries.push({ seq: be.entry?.seq ?? i, action: String(be.entry?.action), ok: checks.every((c) => c.ok || c.pending), checks });
    prev = be.entry?.hash;
  }

  const problems: string[] = [];
  const findings: Finding[] = [];
  const problem = (text: string, reason: string, params?: Record<string, string | number>) => {
    problems.push(text);
    findings.push({ reason, ...(params ? { params } : {}) });
  };
  const present = new Set(bundle.entries.map((e) => e.entry?.seq));
  for (const l of bundle.logged ?? []) {
    if (!present.has(l.seq)) problem(`entry ${l.seq} is missing: the log holds it at index ${l.index}`, "case.entry-missing", { seq: l.seq, index: l.index });
  }
  if (bundle.case.seq !== bundle.entries.length) {
    problem(`the case head counts ${bundle.case.seq} entries, the history has ${bundle.entries.length}`, "case.count-mismatch", { head: bundle.case.seq, history: bundle.entries.length });
  } else if (bundle.entries.length > 0 && bundle.case.auditHead !== bundle.entries.at(-1)!.entry.hash) {
    problem("the case's audit head does not match its last entry", "case.head-mismatch");
  }

  const badEntry = entries.find((e) => !e.ok);
  const firstFailure = !checkpoint.ok
    ? checkpoint.detail
    : badEntry
      ? `entry ${badEntry.seq} (${badEntry.action}): ${badEntry.checks.find((c) => !c.ok && !c.pending)!.detail}`
      : problems[0];
  return { ok: firstFailure === undefined, checkpoint, entries, problems, findings, ...(firstFailure ? { firstFailure } : {}) };
}

async function entryChecks(be: BundleEntry, i: number, prev: string, caseId: string, stream: string, root: { size: number; hash: Uint8Array } | undefined, sealKey: CryptoKey | undefined, o: VerifyBundleOptions): Promise<Check[]> {
  const e = be.entry;
  const checks: Check[] = [];
  const { hash, ...rest } = e;
  const hashOk = hashEntry(rest) === hash;
  checks.push(hashOk ? { check: "hash", ok: true, reason: "hash.ok", detail: "content matches its hash" } : { check: "hash", ok: false, reason: "hash.changed", detail: "content was changed after it was recorded" });
  const linkProblems: Array<Finding & { text: string }> = [
    ...(e.caseId !== caseId ? [{ reason: "link.other-case", params: { caseId: String(e.caseId) }, text: `belongs to case ${e.caseId}` }] : []),
    ...(e.prevHash !== prev ? [{ reason: "link.broken", text: "does not link to the entry before it (deleted, reordered or inserted entries)" }] : []),
    ...(e.seq !== i ? [{ reason: "link.position", params: { position: i, seq: Number(e.seq) }, text: `is at position ${i} but numbered ${e.seq}` }] : []),
  ];
  const [firstLink] = linkProblems;
  checks.push(
    firstLink
      ? { check: "link", ok: false, reason: firstLink.reason, ...(firstLink.params ? { params: firstLink.params } : {}), detail: linkProblems.map((x) => x.text).join("; ") }
      : { check: "link", ok: true, reason: "link.ok", detail: "links to the previous entry" },
  );
  checks.push(await sealCheck(be, stream, sealKey, o));
  if (e.signature) checks.push(await signatureCheck(e, o));
  checks.push(inclusionCheck(be, stream, root));
  return checks;
}

function importSealKey(o: VerifyBundleOptions): Promise<CryptoKey> {
  const k = o.logKey.publicKey;
  return k instanceof Uint8Array ? o.crypto.subtle.importKey("raw", k as Uint8Array<ArrayBuffer>, { name: "Ed25519" }, false, ["verify"]) : Promise.resolve(k);
}

async function sealCheck(be: BundleEntry, stream: string, key: CryptoKey | undefined, o: VerifyBundleOptions): Promise<Check> {
  if (!be.seal) return { check: "seal", ok: false, reason: "seal.missing", detail: "no server seal: the row was not written by the server" };
  if (!key) return { check: "seal", ok: false, reason: "seal.key-unusable", detail: "the log key could not be imported" };
  try {
    const sig = Uint8Array.from(atob(be.seal), (ch) => ch.charCodeAt(0));
    const ok = await o.crypto.subtle.verify({ name: "Ed25519" }, key, sig, sealMessage(stream, be.entry.seq, be.entry.hash) as Uint8Array<ArrayBuffer>);
    return ok
      ? { check: "seal", ok, reason: "seal.ok", detail: "sealed by the server at commit" }
      : { check: "seal", ok, reason: "seal.mismatch", detail: "the server's seal does not match: forged or altered row" };
  } catch {
    return { check: "seal", ok: false, reason: "seal.malformed", detail: "the seal is malformed" };
  }
}

async function signatureCheck(e: BundleEntry["entry"], o: VerifyBundleOptions): Promise<Check> {
  const p = e.signedPayload;
  // The signed payload must name this very step: same case, action, position and preceding hash.
  if (!p || p.caseId !== e.caseId || p.action !== e.action || p.seq !== e.seq || p.auditHead !== e.prevHash) {
    return { check: "signature", ok: false, reason: "signature.unbound", detail: "the signed payload is not bound to this step" };
  }
  const anchors = o.anchors ?? evidenceAnchors(e.signature!);
  const report = await reverify(e.signature!, utf8(canonicalJson(p)), anchors, o.crypto);
  const who = e.signature!.signer?.subject ?? "?";
  if (report.indication === "PASSED") {
    return { check: "signature", ok: true, reason: o.anchors ? "signature.ok" : "signature.ok-bundle-anchor", params: { signer: who }, detail: `signed by ${who}${o.anchors ? "" : " (anchor taken from the bundle)"}` };
  }
  const failed = report.checks.find((c) => c.result !== "PASSED");
  return { check: "signature", ok: false, reason: "signature.refused", params: { code: report.code ?? "signature.refused" }, detail: `${report.code ?? "signature refused"}: ${failed?.detail ?? ""}` };
}

function inclusionCheck(be: BundleEntry, stream: string, root: { size: number; hash: Uint8Array } | undefined): Check {
  if (be.logIndex === null || !root || be.logIndex >= root.size) return { check: "inclusion", ok: false, pending: true, reason: "inclusion.pending", detail: "not yet covered by a signed checkpoint" };
  const leaf = entryLeafHash(stream, be.entry.seq, be.entry.hash);
  let proof: Uint8Array[];
  try {
    proof = (be.inclusionProof ?? []).map(fromHex);
  } catch {
    return { check: "inclusion", ok: false, reason: "inclusion.malformed", detail: "the inclusion proof is malformed" };
  }
  const ok = verifyInclusion(leaf, be.logIndex, root.size, proof, root.hash);
  const params = { index: be.logIndex };
  return ok
    ? { check: "inclusion", ok, reason: "inclusion.ok", params, detail: `in the log at index ${be.logIndex}` }
    : { check: "inclusion", ok, reason: "inclusion.mismatch", params, detail: `not the record the log holds at index ${be.logIndex}` };
}
