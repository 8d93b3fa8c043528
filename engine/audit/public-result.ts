// What anyone holding a signed result may learn without an account. A civil-status extract prints
// its case code and the SHA-256 digest of the payload the official signed; a bank or a police
// officer who presents both learns that this step was signed, with which certificate, when, under
// which procedure version, and whether the case's record still verifies. Never the dossier's
// data: the registrant's personal data stays behind sign-in, and without the digest (256 bits,
// only on the paper) a case code alone reveals nothing, not even that the case exists.
import type { LocalizedText, Procedure } from "../../schemas/generated/procedure.js";
import type { BundleReport, Check } from "./bundle-verify.js";
import type { EvidenceBundle } from "./bundle.js";
import { entryHeader } from "./entry.js";
import type { PublicProof } from "./public-proof.js";

export type CheckOutcome = "passed" | "failed";

export interface PublicResult {
  code: string;
  digest: string;
  procedure: { id: string; version: number; title: LocalizedText | null };
  /** The signed step: which action, when, by which role, in which unit. */
  step: { seq: number; action: string; title: LocalizedText | null; at: string; role: string; roleTitle: LocalizedText | null; unit: string };
  /** The certificate that signed, as it was at signing time. */
  signer: { subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string };
  /** Where the case stands now: a result later refused or withdrawn shows here. */
  state: { id: string; title: LocalizedText | null; closed: boolean; outcome: "completed" | "refused" | "withdrawn" | null };
  verification: {
    ok: boolean;
    /** Every entry of the case: content, links and the server's seals; no entry missing. */
    record: CheckOutcome;
    /** The signature over the digest, re-verified from its kept evidence. */
    signature: CheckOutcome;
    /** The step is in the signed global log; "pending" until the next checkpoint covers it. */
    log: CheckOutcome | "pending";
  };
  /** The facts the procedure lets the result show, as signed, in the order declared: compare them with the paper. */
  facts: Array<{ id: string; title: LocalizedText | null; value: string }>;
  /** For the reader to check without trusting this server (engine/audit/public-proof.ts); null until a checkpoint covers the step or for entries written before proofs existed. */
  proof: PublicProof | null;
}

/** The public answer for `digest`, or undefined when no signed step of this case has it. */
export function publicResultOf(bundle: EvidenceBundle, report: BundleReport, digest: string): PublicResult | undefined {
  const i = bundle.entries.findIndex((b) => b.entry?.signature?.payloadDigest === digest);
  if (i < 0) return undefined;
  const e = bundle.entries[i]!.entry;
  const sig = e.signature!;
  const def = bundle.procedure.definition as Procedure | null;
  const results = report.entries;
  const recordChecks: Array<Check["check"]> = ["hash", "link", "seal", "state", "row"];
  const intact = results.every((r) => r.checks.every((c) => !recordChecks.includes(c.check) || c.ok)) && report.problems.length === 0;
  const record: CheckOutcome = intact ? "passed" : "failed";
  const own = results[i]?.checks ?? [];
  const signature: CheckOutcome = own.some((c) => c.check === "signature" && c.ok) ? "passed" : "failed";
  const inclusion = own.find((c) => c.check === "inclusion");
  const log = inclusion?.ok && report.checkpoint.ok ? "passed" : inclusion?.pending && report.checkpoint.reason !== "checkpoint.refused" ? "pending" : "failed";
  const state = def?.states?.[bundle.case.state];
  const declared = def?.actions?.find((a) => a.id === e.action)?.signature?.publicFacts ?? [];
  const signedFacts = e.signedPayload?.facts ?? {};
  const facts = declared.filter((f) => signedFacts[f.id] !== undefined).map((f) => ({ id: f.id, title: f.title ?? null, value: signedFacts[f.id]! }));
  const sealed = bundle.entries[i]!;
  const proof: PublicProof | null =
    e.v === 2 && e.signedPayload && log === "passed" && bundle.checkpoint && sealed.logIndex !== null && sealed.inclusionProof
      ? { header: entryHeader(e), index: sealed.logIndex, checkpoint: bundle.checkpoint.note, inclusionProof: sealed.inclusionProof, signedPayload: e.signedPayload }
      : null;
  return {
    code: bundle.case.code,
    digest,
    procedure: { id: bundle.procedure.id, version: bundle.procedure.version, title: def?.title ?? null },
    step: {
      seq: e.seq,
      action: e.action,
      title: def?.actions?.find((a) => a.id === e.action)?.title ?? null,
      at: e.at,
      role: e.actor.role,
      roleTitle: def?.roles?.find((r) => r.id === e.actor.role)?.title ?? null,
      unit: e.actor.unit,
    },
    signer: { subject: sig.signer.subject, issuer: sig.signer.issuer, serialNumber: sig.signer.serialNumber, notBefore: sig.signer.notBefore, notAfter: sig.signer.notAfter },
    state: { id: bundle.case.state, title: state?.title ?? null, closed: bundle.case.closedAt !== null, outcome: state?.outcome ?? null },
    verification: { ok: record === "passed" && signature === "passed" && log !== "failed", record, signature, log },
    facts,
    proof,
  };
}
