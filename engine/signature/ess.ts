// ESS signing-certificate attributes (RFC 2634 §5.4 and RFC 5035 §3), which bind a CMS
// signature, here an RFC 3161 timestamp token, to the certificate that made it. No published
// @peculiar/asn1-* package carries them; the schemas are small enough to declare here. The
// schema decorators are applied as calls (see the bottom), because the web console's compiler
// settings, which also check this file through engine/audit, have no decorator support.
import { AsnProp, AsnPropTypes } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";

export const ID_SIGNING_CERTIFICATE = "1.2.840.113549.1.9.16.2.12";
export const ID_SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47";

/** ESSCertID: a SHA-1 hash of the signer's certificate (issuerSerial is not needed to match it). */
export class EssCertId {
  certHash: ArrayBuffer = new ArrayBuffer(0);
  issuerSerial?: ArrayBuffer;
}

export class SigningCertificate {
  certs: EssCertId[] = [];
  policies?: ArrayBuffer;
}

/** ESSCertIDv2: an absent hashAlgorithm means SHA-256. */
export class EssCertIdV2 {
  hashAlgorithm?: AlgorithmIdentifier;
  certHash: ArrayBuffer = new ArrayBuffer(0);
  issuerSerial?: ArrayBuffer;
}

export class SigningCertificateV2 {
  certs: EssCertIdV2[] = [];
  policies?: ArrayBuffer;
}

AsnProp({ type: AsnPropTypes.OctetString })(EssCertId.prototype, "certHash");
AsnProp({ type: AsnPropTypes.Any, optional: true })(EssCertId.prototype, "issuerSerial");
AsnProp({ type: EssCertId, repeated: "sequence" })(SigningCertificate.prototype, "certs");
AsnProp({ type: AsnPropTypes.Any, optional: true })(SigningCertificate.prototype, "policies");
AsnProp({ type: AlgorithmIdentifier, optional: true })(EssCertIdV2.prototype, "hashAlgorithm");
AsnProp({ type: AsnPropTypes.OctetString })(EssCertIdV2.prototype, "certHash");
AsnProp({ type: AsnPropTypes.Any, optional: true })(EssCertIdV2.prototype, "issuerSerial");
AsnProp({ type: EssCertIdV2, repeated: "sequence" })(SigningCertificateV2.prototype, "certs");
AsnProp({ type: AsnPropTypes.Any, optional: true })(SigningCertificateV2.prototype, "policies");
