// Object identifiers shared by the signature modules, the server's OCSP/TSA clients, the
// development TSA and the tests, named once.

/** Digest algorithms (RFC 5754, RFC 3279). */
export const SHA1 = "1.3.14.3.2.26";
export const SHA256 = "2.16.840.1.101.3.4.2.1";
export const ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

/** CMS (RFC 5652) and RFC 3161. */
export const ID_SIGNED_DATA = "1.2.840.113549.1.7.2";
export const ID_TST_INFO = "1.2.840.113549.1.9.16.1.4";
export const ID_CONTENT_TYPE = "1.2.840.113549.1.9.3";
export const ID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4";

/** extendedKeyUsage purposes (RFC 5280 §4.2.1.12, RFC 9336). */
export const KP = {
  any: "2.5.29.37.0",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  emailProtection: "1.3.6.1.5.5.7.3.4",
  timeStamping: "1.3.6.1.5.5.7.3.8",
  ocspSigning: "1.3.6.1.5.5.7.3.9",
  documentSigning: "1.3.6.1.5.5.7.3.36",
} as const;
