// What a received file is, told from its first bytes and never from its name or the type the
// client declares: a scanner's ".pdf" that is really a ZIP must not be served as a PDF.
export const MEDIA_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

const MAGIC: Array<[MediaType, number[]]> = [
  ["application/pdf", [0x25, 0x50, 0x44, 0x46, 0x2d]], // "%PDF-" (ISO 32000-1, 7.5.2)
  ["image/jpeg", [0xff, 0xd8, 0xff]], // SOI marker and the next marker's 0xFF
  ["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]], // PNG signature (RFC 2083, 3.1)
];

/** Bytes needed to tell every accepted type apart. */
export const SNIFF_BYTES = Math.max(...MAGIC.map(([, m]) => m.length));

/** The accepted type these leading bytes begin, or undefined. Call with at least SNIFF_BYTES bytes, or all there are. */
export function sniff(head: Uint8Array): MediaType | undefined {
  return MAGIC.find(([, magic]) => magic.length <= head.length && magic.every((b, i) => head[i] === b))?.[0];
}

/**
 * The type the client declared, when it declared one: browsers send application/octet-stream for a
 * file they cannot name, which declares nothing. Parameters and case are ignored.
 */
export function declaredType(mimeType: string | undefined): string | undefined {
  const t = mimeType?.split(";")[0]!.trim().toLowerCase();
  return !t || t === "application/octet-stream" ? undefined : t;
}
