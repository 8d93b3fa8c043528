// The rows of received attachments (migration 0018); the bytes themselves are in server/attachments/file-store.ts.
import type { Queryable } from "../db/database.js";

export interface AttachmentRow {
  sha256: string;
  unit: string;
  province: string;
  mediaType: string;
  size: number;
  name: string;
  uploadedBy: string;
  uploadedAt: string;
}

/** The first upload of a file by a unit is the one kept: the same bytes again add nothing. */
export async function insertAttachment(q: Queryable, a: AttachmentRow): Promise<void> {
  await q.query(
    `insert into attachments (sha256, unit, province, media_type, size, name, uploaded_by, uploaded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (sha256, unit) do nothing`,
    [a.sha256, a.unit, a.province, a.mediaType, a.size, a.name, a.uploadedBy, a.uploadedAt],
  );
}

/** The units that received each of these files; a hash no unit uploaded is absent (a paper only seen at the counter). */
export async function attachmentUnits(q: Queryable, hashes: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (hashes.length === 0) return out;
  const r = await q.query<{ sha256: string; unit: string }>("select sha256, unit from attachments where sha256 = any($1::text[])", [[...new Set(hashes)]]);
  for (const row of r.rows) out.set(row.sha256, [...(out.get(row.sha256) ?? []), row.unit]);
  return out;
}

/** The media type of a stored file (the same for every row of one hash: it is sniffed from the bytes). */
export async function attachmentMediaType(q: Queryable, sha256: string): Promise<string | undefined> {
  const r = await q.query<{ media_type: string }>("select media_type from attachments where sha256 = $1 limit 1", [sha256]);
  return r.rows[0]?.media_type;
}
