// Contracts of signature verification. Modelled on the EU DSS validation report:
// one overall indication plus one sub-result per check, so a clerk sees *why*.
import type { ErrorCode } from "../errors.js";

/** What the official submits with a signed action. */
export type SignatureSubmission =
  | {
      /** Detached compact JWS (RFC 7515 appendix F: payload part empty) over the signing payload bytes, with the certificate chain in the `x5c` header. */
      format: "jws";
      jws: string;
      /** OCSP responses (RFC 6960, base64 DER) the signing tool stapled: revocation evidence like the server's own. */
      ocsp?: string[];
    }
  | {
      /** A plain signature as produced by `openssl dgst -sha256 -sign key.pem payload.json`, base64; RSA PKCS#1 v1.5 or ECDSA (DER or raw r||s). */
      format: "raw";
      signature: string;
      /** The signer's certificate (PEM). */
      certificate: string;
      /** Intermediate certificates (PEM), signer's issuer first. Optional when the trust store holds them. */
      chain?: string[];
      /** OCSP responses (RFC 6960, base64 DER) the signing tool stapled. */
      ocsp?: string[];
    };

/** Trust material, passed in by the caller (never read from disk inside the engine). */
export interface TrustStore {
  /** Trusted root (and optionally pinned intermediate) CA certificates, PEM. Several roots: roots get re-keyed. */
  anchors: string[];
  /** Known intermediate CA certificates, PEM, used to complete chains the signer did not send. */
  intermediates: string[];
  /** Certificate revocation lists, PEM or base64 DER. */
  crls: string[];
}

export type CheckName = "format" | "crypto" | "chain" | "time" | "revocation" | "keyUsage" | "binding" | "payload" | "timestamp";
export type Indication = "PASSED" | "FAILED" | "INDETERMINATE";

export interface CheckResult {
  check: CheckName;
  result: Indication;
  code?: ErrorCode;
  /** ETSI EN 319 102-1 sub-indication of a check that did not pass (report.ts). */
  subIndication?: string;
  detail?: string;
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** SHA-256 of the DER certificate, hex lower-case. */
  fingerprint: string;
  notBefore: string;
  notAfter: string;
}

/** Evidence kept with the audit entry so an auditor can re-verify offline later. */
export interface SignatureEvidence {
  submission: SignatureSubmission;
  /** The chain as verified: signer first, trust anchor last, PEM. */
  chain: string[];
  /** CRLs used for the revocation decision (PEM), one per checked certificate issuer. */
  crls: string[];
  signer: CertificateInfo;
  algorithm: string;
  /** SHA-256 hex of the payload bytes that were verified. */
  payloadDigest: string;
  /** The time the signature was checked against (the action's time). */
  verifiedAt: string;
  // Fields below were added with OCSP and timestamps; absent in older evidence (hashed as it was).
  /** OCSP responses used for the revocation decision (base64 DER). */
  ocsp?: string[];
  /** Certificates outside the chain the revocation decision needed, e.g. a CRL signer after a CA key rollover (PEM). */
  certificates?: string[];
  /** RFC 3161 timestamp over the signature value, with what validates its TSA. */
  timestamp?: TimestampEvidence;
}

/** An RFC 3161 timestamp token and the TSA's validation material at its time. */
export interface TimestampEvidence {
  /** The TimeStampToken (CMS ContentInfo), base64 DER: everything else here is re-derived or re-checked from it. */
  token: string;
  /** genTime of the token, ISO-8601 (informational copy). */
  genTime: string;
  tsa: CertificateInfo;
  /** The TSA's chain as validated: TSA certificate first, trust anchor last (PEM). */
  chain: string[];
  crls: string[];
  ocsp?: string[];
  certificates?: string[];
}

export interface VerificationReport {
  indication: Indication;
  /** Set when indication is not PASSED: the first failing check's code. */
  code?: ErrorCode;
  /** ETSI EN 319 102-1 sub-indication of `code`. */
  subIndication?: string;
  checks: CheckResult[];
  evidence?: SignatureEvidence;
}

export interface VerifyInput {
  /** The exact bytes that must have been signed (UTF-8 canonical JSON of the signing payload). */
  payload: Uint8Array;
  submission: SignatureSubmission;
  trust: TrustStore;
  /** ISO-8601 instant the signature is checked for (validity and revocation at signing time). */
  at: string;
  /** SHA-256 fingerprints (hex) of the certificates registered to the acting official. */
  actorCertificates: string[];
  /** WebCrypto implementation, injected (globalThis.crypto in Node 20). */
  crypto: Crypto;
  /** Revocation evidence the server gathered for this signature (OCSP responses, base64 DER). */
  revocation?: { ocsp?: string[] };
  /** RFC 3161 TimeStampToken over the signature value (base64 DER) the server obtained from its TSA. */
  timestamp?: string;
}
