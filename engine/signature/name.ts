// Distinguished names compared as RFC 5280 §7.1 requires, not as rendered strings: each
// attribute value of a string type goes through the RFC 4518 LDAP StringPrep profile
// (case folding, NFKC, insignificant space handling) before an exact comparison; RDNs are
// unordered sets of attributes, the RDN sequence is ordered. A CA that wrote its name as
// PrintableString "Test CA" in its own certificate and as UTF8String "test  ca" in the
// issuer field of the certificates it signs names the same CA.
//
// Written here because neither @peculiar/x509 (string equality of its rendering) nor pkijs
// (byte equality) does this. `nameKey` returns a string that is equal for two names exactly
// when they match, so names can be compared and indexed cheaply.
import type { AttributeValue, Name } from "@peculiar/asn1-x509";
import { encode, hex } from "./asn1.js";

/** The comparison key of a Name: equal keys <=> the names match under §7.1. */
export function nameKey(name: Name): string {
  const rdns = [...name].map((rdn) => [...rdn].map((atv) => `${atv.type}=${valueKey(atv.value)}`).sort());
  return JSON.stringify(rdns);
}

/** `inner` is within the subtree named by `outer` (§7.1 last paragraph: leading RDNs match). */
export function nameWithin(inner: Name, outer: Name): boolean {
  if (outer.length > inner.length) return false;
  return outer.every((rdn, i) => {
    const other = inner[i];
    if (!other || other.length !== rdn.length) return false;
    const a = [...rdn].map((atv) => `${atv.type}=${valueKey(atv.value)}`).sort();
    const b = [...other].map((atv) => `${atv.type}=${valueKey(atv.value)}`).sort();
    return a.every((x, j) => x === b[j]);
  });
}

function valueKey(v: AttributeValue): string {
  // DirectoryString choices and IA5String (emailAddress, domainComponent: caseIgnoreIA5Match, §7.3).
  const text = v.utf8String ?? v.printableString ?? v.teletexString ?? v.bmpString ?? v.universalString ?? v.ia5String;
  if (typeof text === "string") {
    const prepared = prepare(text);
    if (prepared !== undefined) return `s:${JSON.stringify(prepared)}`;
  }
  // Any other type, or a string with prohibited characters: only the same encoding matches.
  return `b:${hex(encode(v))}`;
}

/** RFC 4518 §2.2 characters mapped to nothing (soft hyphens, joiners, variation selectors, ZWSP, U+FFFC). */
const TO_NOTHING = /[\u00AD\u1806\u034F\u180B-\u180D\uFE00-\uFE0F\uFFFC\u200B]/gu;
const TO_SPACE = /[\t\n\v\f\r\u0085]/gu;
const OTHER_CONTROLS = /[\p{Cc}\p{Cf}]/gu;
const SEPARATORS = /[\p{Zs}\p{Zl}\p{Zp}]/gu;
/** §2.4 prohibited output: unassigned and private-use code points, non-characters, U+FFFD. */
const PROHIBITED = /[\p{Cn}\p{Co}\p{Cs}\uFFFD]/u;

/**
 * The six steps of RFC 4518 §2 for a stored value with caseIgnoreMatch. Transcoding (step 1)
 * happened when the ASN.1 string was decoded; bidi (step 5) is explicitly not checked by the
 * profile. Case folding (RFC 3454 B.2, step 2) is upper- then lower-casing, which folds ß to
 * ss and final sigma to sigma as B.2 does; Vietnamese letters fold like any Latin letter.
 * Returns undefined for a prohibited value, which then only matches itself byte for byte.
 */
export function prepare(value: string): string | undefined {
  const mapped = value
    .replace(TO_NOTHING, "")
    .replace(TO_SPACE, " ")
    .replace(OTHER_CONTROLS, "")
    .replace(SEPARATORS, " ")
    .normalize("NFKC")
    .toUpperCase()
    .toLowerCase()
    .normalize("NFKC");
  if (PROHIBITED.test(mapped)) return undefined;
  // §2.6.1 insignificant space handling: leading and trailing spaces go, inner runs are one space.
  return mapped.replace(/ +/g, " ").trim();
}
