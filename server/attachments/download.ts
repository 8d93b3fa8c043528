// GET /cases/{id}/documents/{docId}/file: a document's stored file, to whoever may read the case
// (the same check and the same 404 as GET /cases/{id}), recorded as a read like the case itself.
import { open, type FileHandle } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import type { Request, Response } from "express";
import type { AppDeps } from "../http/app.js";
import { MotcuaError } from "../../engine/errors.js";
import type { CaseDocument } from "../../engine/case.js";
import { attachmentMediaType } from "../store/attachments.js";
import { SNIFF_BYTES, sniff } from "./media-type.js";

export async function sendDocumentFile(d: Pick<AppDeps, "cases" | "db" | "reads" | "attachments" | "log">, req: Request, res: Response): Promise<void> {
  const p = req.principal!;
  const caseId = req.params.id as string;
  const docId = req.params.docId as string;
  // The view, not the raw case: an official of a task's other unit gets only the documents the task shows.
  const view = await d.cases.view(p, caseId);
  const doc = ((view.case as { documents?: CaseDocument[] }).documents ?? []).find((x) => x.id === docId);
  if (!doc) throw new MotcuaError("attachment.not_found", `the case has no document '${docId}'`);
  const mediaType = await attachmentMediaType(d.db, doc.sha256);
  if (!mediaType) throw new MotcuaError("attachment.not_found", `document '${docId}' was seen at the counter; no file was kept`);
  // Opened before anything is answered, so a file lost from the disk is a 410 and never a broken 200.
  let file: FileHandle;
  try {
    file = await open(d.attachments.pathOf(doc.sha256), "r");
  } catch {
    throw new MotcuaError("attachment.missing", `the file of document '${docId}' (${doc.sha256}) is not in the store`);
  }
  // The type served is the bytes' own, not the row's: a media type edited in the database
  // (text/html, say) would otherwise turn a stored file into a page of this origin.
  const head = new Uint8Array(SNIFF_BYTES);
  const { bytesRead } = await file.read(head, 0, SNIFF_BYTES, 0);
  const served = sniff(head.subarray(0, bytesRead));
  if (!served || served !== mediaType) {
    await file.close();
    throw new MotcuaError("attachment.missing", `the stored file of document '${docId}' is not the ${mediaType} it was received as`);
  }
  try {
    // Recorded before a byte leaves: if the record cannot be written, the paper is not served.
    await d.reads.record(p, "GET /cases/{id}/documents/{docId}/file", [view.case.id]);
  } catch (e) {
    await file.close();
    throw e;
  }
  res.status(200).set({
    "content-type": served,
    // Opened in the browser (PDF viewer, image), never guessed as something else.
    "content-disposition": `inline; filename="${asciiName(doc.name, docId)}"; filename*=UTF-8''${encodeURIComponent(doc.name || docId)}`,
    "x-content-type-options": "nosniff",
    "cache-control": "private, no-store",
  });
  const { size } = await file.stat();
  res.set("content-length", String(size));
  // A read failing half way destroys the response (the client sees a cut transfer, not a wrong file).
  await pipeline(file.createReadStream({ start: 0 }), res).catch((err: unknown) => d.log.warn({ err, case: view.case.id, document: docId }, "document file transfer failed"));
}

/** The plain filename parameter for old clients: ASCII without quotes or backslashes. */
function asciiName(name: string, fallback: string): string {
  const plain = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").replace(/[^\x20-\x7e]|["\\]/g, "_");
  return plain || fallback;
}
