// The I/O around a signature checkpoint, so the engine can stay pure: before the step, fetch
// OCSP responses for the signer's path from the responders its certificates name; run the
// step; when it passed and a TSA is configured, obtain an RFC 3161 timestamp over the
// signature value (and OCSP for the TSA's path) and run the step again with it, so the audit
// entry keeps the token. Timestamping only signatures that verify keeps garbage away from
// the TSA and tells the signer "invalid signature" rather than "try later".
//
// Decisions (README, "Long-term evidence"):
//  - an OCSP responder that is down is not an error: the engine decides on the CRLs it has,
//    or says INDETERMINATE (signature.revocation_unknown, never a pass); the refusal lists
//    the responders that failed;
//  - a TSA that is configured but unreachable, or that refuses, refuses the step with
//    503 signature.timestamp_unavailable and Retry-After: no checkpoint is accepted without
//    its long-term evidence, and nothing is written.
import type { ActionRequest, ApplyResult } from "../../engine/apply.js";
import type { SignatureContextEvidence } from "../../engine/signature/checkpoint.js";
import type { TrustStore } from "../../engine/signature/types.js";
import type { Cert } from "../../engine/signature/certificate.js";
import { parseSubmission } from "../../engine/signature/submission.js";
import { loadTrust } from "../../engine/signature/validation.js";
import { tokenCertificates } from "../../engine/signature/timestamp.js";
import { MotcuaError } from "../../engine/errors.js";
import { fetchOcspForPath, type OcspFetchResult } from "./ocsp-client.js";
import { requestTimestamp, TimestampUnavailable, type TsaOptions } from "./tsa-client.js";

export interface SigningEvidenceOptions {
  /** Fetch OCSP from the responders named in certificates (OCSP_FETCH). */
  ocsp: boolean;
  ocspTimeoutMs: number;
  /** The timestamp authority (TSA_URL); undefined = no timestamps. */
  tsa?: TsaOptions;
  crypto: Crypto;
  log?: { warn: (o: object, msg: string) => void };
}

/** How long a client should wait after a TSA outage before retrying. */
const TSA_RETRY_AFTER_SECONDS = 30;

export class SigningEvidence {
  constructor(private readonly o: SigningEvidenceOptions) {}

  get timestamps(): boolean {
    return this.o.tsa !== undefined;
  }

  /** OCSP responses for the candidate paths of `target` (also used when registering a certificate). */
  async ocspFor(target: Cert, offered: readonly Cert[], trust: TrustStore): Promise<OcspFetchResult> {
    if (!this.o.ocsp) return { responses: [], errors: [] };
    const t = loadTrust(trust);
    const result = await fetchOcspForPath(target, [...offered, ...t.intermediates], t.anchors, { timeoutMs: this.o.ocspTimeoutMs, crypto: this.o.crypto });
    if (result.errors.length > 0) this.o.log?.warn({ errors: result.errors }, "OCSP fetch failed");
    return result;
  }

  /** Runs `step` with the evidence a signed action needs; `signed`: the action is a signature checkpoint. */
  async apply(req: ActionRequest, signed: boolean, trust: TrustStore, step: (evidence: SignatureContextEvidence) => Promise<ApplyResult>): Promise<ApplyResult> {
    if (!signed || !req.signature) return step({});
    let parsed: ReturnType<typeof parseSubmission>;
    try {
      parsed = parseSubmission(req.signature, new Uint8Array(0));
    } catch {
      return step({}); // the engine reports signature.malformed
    }
    const ocsp = await this.ocspFor(parsed.signer, parsed.offered, trust);
    const first = await step({ ocsp: ocsp.responses });
    if (!first.ok) return { ok: false, error: withFetchErrors(first.error, ocsp.errors) };
    if (!this.o.tsa) return first;

    let token: string;
    try {
      token = await requestTimestamp(parsed.signature, this.o.tsa);
    } catch (e) {
      if (!(e instanceof TimestampUnavailable)) throw e;
      this.o.log?.warn({ err: e.message }, "timestamp authority unavailable");
      throw new MotcuaError("signature.timestamp_unavailable", e.message, { extra: { retryAfterSeconds: TSA_RETRY_AFTER_SECONDS } });
    }
    const tsaCerts = tokenCertificates(token).filter((c, i, all) => all.findIndex((x) => x.fingerprint === c.fingerprint) === i);
    const tsaOcsp = await Promise.all(tsaCerts.map((c) => this.ocspFor(c, tsaCerts, trust)));
    return step({ ocsp: [...ocsp.responses, ...tsaOcsp.flatMap((r) => r.responses)], timestamp: token });
  }
}

/** An INDETERMINATE refusal names the responders that did not answer, so the clerk knows why. */
function withFetchErrors(error: MotcuaError, errors: string[]): MotcuaError {
  if (errors.length === 0 || error.code !== "signature.revocation_unknown") return error;
  return new MotcuaError(error.code, error.detail, { ...(error.errors ? { errors: error.errors } : {}), extra: { ...error.extra, ocspFetchErrors: errors } });
}
