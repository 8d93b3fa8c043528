// ESS signing-certificate attributes (RFC 2634 §5.4 and RFC 5035 §3), which bind a CMS
// signature, here an RFC 3161 timestamp token, to the certificate that made it. No published
// @peculiar/asn1-* package carries them; the schemas are small enough to declare here.
import { AsnProp, AsnPropTypes } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";

export const ID_SIGNING_CERTIFICATE = "1.2.840.113549.1.9.16.2.12";
export const ID_SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47";

/** ESSCertID: a SHA-1 hash of the signer's certificate (issuerSerial is not needed to match it). */
export class EssCertId {
  @AsnProp({ type: AsnPropTypes.OctetString }) certHash: ArrayBuffer = new ArrayBuffer(0);
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) issuerSerial?: ArrayBuffer;
}

export class SigningCertificate {
  @AsnProp({ type: EssCertId, repeated: "sequence" }) certs: EssCertId[] = [];
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) policies?: ArrayBuffer;
}

/** ESSCertIDv2: an absent hashAlgorithm means SHA-256. */
export class EssCertIdV2 {
  @AsnProp({ type: AlgorithmIdentifier, optional: true }) hashAlgorithm?: AlgorithmIdentifier;
  @AsnProp({ type: AsnPropTypes.OctetString }) certHash: ArrayBuffer = new ArrayBuffer(0);
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) issuerSerial?: ArrayBuffer;
}

export class SigningCertificateV2 {
  @AsnProp({ type: EssCertIdV2, repeated: "sequence" }) certs: EssCertIdV2[] = [];
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) policies?: ArrayBuffer;
}
