// The one door to the @peculiar/asn1-* schemas (X.509, CRL, OCSP, CMS, RFC 3161). They decode
// and encode DER and nothing else: every decision about what the decoded values mean is ours.
// Decoding hostile bytes throws; callers turn that into their own "malformed" finding.
import { AsnConvert } from "@peculiar/asn1-schema";
import * as asn1js from "asn1js";

export { AsnConvert };

type Constructor<T> = new () => T;

/** Decodes `der` as one `type`; anything after the value, or any decoding error, throws a TypeError. */
export function decode<T>(der: Uint8Array | ArrayBuffer, type: Constructor<T>, what: string): T {
  try {
    return AsnConvert.parse(der, type);
  } catch (e) {
    throw new TypeError(`${what} is not valid DER: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function encode(value: unknown): Uint8Array<ArrayBuffer> {
  return new Uint8Array(AsnConvert.serialize(value));
}

export function bytes(buffer: ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The value of a DER INTEGER's content octets, two's complement. Serial numbers are compared
 * as integers (RFC 5280 §4.1.2.2 and §5.3: a CRL entry names the same INTEGER as the
 * certificate), never as re-encoded hex: a library that "fixes" a negative serial `ff` into
 * `00ff` turns -1 into 255 and misses the revocation.
 */
export function derInteger(content: ArrayBuffer | Uint8Array): bigint {
  const b = content instanceof Uint8Array ? content : new Uint8Array(content);
  if (b.length === 0) throw new TypeError("empty INTEGER");
  let value = 0n;
  for (const byte of b) value = (value << 8n) | BigInt(byte);
  return (b[0] as number) & 0x80 ? value - (1n << BigInt(8 * b.length)) : value;
}

export function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/** The bytes of a DER OCTET STRING (a CMS attribute value, an eContent given as ANY). */
export function octetString(der: ArrayBuffer | Uint8Array): Uint8Array<ArrayBuffer> {
  const parsed = asn1js.fromBER(der instanceof Uint8Array ? bytes(der) : der);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.OctetString)) throw new TypeError("not an OCTET STRING");
  return bytes(parsed.result.valueBlock.valueHexView);
}

/** The dotted form of a DER OBJECT IDENTIFIER, or "" when it is none. */
export function objectIdentifier(der: ArrayBuffer | Uint8Array): string {
  const parsed = asn1js.fromBER(der instanceof Uint8Array ? bytes(der) : der);
  return parsed.offset !== -1 && parsed.result instanceof asn1js.ObjectIdentifier ? parsed.result.valueBlock.toString() : "";
}
