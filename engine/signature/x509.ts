// The one door to @peculiar/x509. The library resolves its algorithms through tsyringe,
// which needs the Reflect metadata polyfill loaded before the library module runs, and it
// takes WebCrypto from a process-wide provider: we install the caller's implementation on
// every entry point so the engine never reaches for a global crypto of its own.
import "reflect-metadata";
import { cryptoProvider } from "@peculiar/x509";

export {
  AsnEcSignatureFormatter,
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PublicKey,
  X509Certificate,
  X509Crl,
  X509CrlReason,
} from "@peculiar/x509";

/** Makes `crypto` the WebCrypto used by @peculiar/x509 for keys it exports internally. */
export function useCrypto(crypto: Crypto): void {
  if (!crypto || typeof crypto !== "object" || !crypto.subtle) {
    throw new TypeError("a WebCrypto implementation (with .subtle) is required");
  }
  cryptoProvider.set(crypto);
}
