// Registering an official's certificate to their account: refused, with the verifier's reason,
// when it does not chain, is not valid now, is revoked or cannot make digital signatures.
import type { Database } from "../db/database.js";
import { MotcuaError } from "../../engine/errors.js";
import type { TrustStore } from "../../engine/signature/types.js";
import { checkCertificateForRegistration } from "../../engine/signature/registration.js";
import { certificateInfo, parseCertificates } from "../../engine/signature/certificate.js";
import type { LogKey } from "../audit/log-key.js";
import { appendRegistryEntry } from "../audit/registry.js";
import { insertCertificate } from "../store/officials.js";
import type { Cert } from "../../engine/signature/certificate.js";
import type { SigningEvidence } from "./signing-evidence.js";

function safeParse(pem: string): Cert | undefined {
  try {
    const certs = parseCertificates(pem);
    return certs.length === 1 ? certs[0] : undefined;
  } catch {
    return undefined; // the check below reports it as malformed
  }
}

/** `signing`: fetches OCSP for the certificate's path first (the dev CA at start has no responder). */
export async function registerCertificate(db: Database, key: LogKey, officialId: string, pem: string, trust: TrustStore, at: string, crypto: Crypto, by: string, signing?: SigningEvidence) {
  const cert = safeParse(pem);
  const ocsp = signing && cert ? (await signing.ocspFor(cert, [], trust)).responses : [];
  const report = await checkCertificateForRegistration(pem, trust, at, crypto, ocsp);
  if (report.indication !== "PASSED") {
    const failed = report.checks.find((c) => c.result !== "PASSED");
    throw new MotcuaError(report.code ?? "signature.malformed", failed?.detail ?? "certificate refused", { extra: { report } });
  }
  const info = certificateInfo(cert!);
  await db.tx(async (q) => {
    const inserted = await insertCertificate(q, { fingerprint: info.fingerprint, officialId, pem, subject: info.subject, notAfter: info.notAfter, at });
    if (inserted) {
      await appendRegistryEntry(q, key, { stream: `official:${officialId}`, at, actorId: by, action: "certificate.register", data: { fingerprint: info.fingerprint, subject: info.subject, notAfter: info.notAfter } });
    }
  });
  return { fingerprint: info.fingerprint, subject: info.subject, notAfter: info.notAfter, registeredBy: by, report };
}
