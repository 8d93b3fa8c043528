// A dossier's document names its file by SHA-256, and that hash is in the case's chain through the
// step's entry: naming an uploaded attachment binds the document to those bytes. Only files the
// caller's own unit received may be bound, since binding one is what lets the case's officials
// download it. A hash no unit uploaded is a paper seen at the counter, as before: nothing to check.
import type { Queryable } from "../db/database.js";
import { MotcuaError } from "../../engine/errors.js";
import { attachmentUnits } from "../store/attachments.js";

/** `documents` as the request sent them (already accepted by the engine); refuses those bound to another unit's upload. */
export async function checkDocumentFiles(q: Queryable, unit: string, documents: unknown): Promise<void> {
  if (!Array.isArray(documents)) return;
  const hashes = documents.map((d: { sha256?: unknown } | null) => (typeof d?.sha256 === "string" ? d.sha256 : ""));
  const units = await attachmentUnits(q, hashes.filter((h) => h !== ""));
  const errors = hashes.flatMap((h, i) => {
    const received = units.get(h);
    if (!received || received.includes(unit)) return [];
    return [{ pointer: `/documents/${i}/sha256`, rule: "unit", message: "names a file received by another unit; upload the paper at this unit" }];
  });
  if (errors.length > 0) throw new MotcuaError("data.invalid", errors.map((e) => `${e.pointer} ${e.message}`).join("; "), { errors });
}
