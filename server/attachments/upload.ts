// Reading one multipart/form-data upload (a single file field `file`) with busboy, straight to
// the file store: the body is never held in memory whole, and a refusal (too large, wrong type)
// is answered the moment it is known, with the connection closed rather than the rest read.
import busboy from "busboy";
import type { Readable } from "node:stream";
import type { Request } from "express";
import { MotcuaError } from "../../engine/errors.js";
import { tooLarge, type AttachmentFiles, type StoredFile } from "./file-store.js";

export interface Upload extends StoredFile {
  /** The file's name as the client sent it, for people only (the type comes from the bytes). */
  name: string;
}

const MAX_NAME = 255;

/**
 * What a multipart body may carry besides the file: boundaries, part headers, a few small fields.
 * A declared Content-Length beyond the file limit plus this is refused before a byte is read.
 */
export const MULTIPART_ENVELOPE_BYTES = 64 * 1024;

/** The largest upload body worth reading (and inviting with 100 Continue) for a file limit. */
export const uploadBodyLimit = (maxBytes: number) => maxBytes + MULTIPART_ENVELOPE_BYTES;

/** Resolves once the file is stored under its hash; rejects with the refusal to answer. */
export function receiveUpload(req: Request, files: AttachmentFiles): Promise<Upload> {
  if (!req.is("multipart/form-data")) return Promise.reject(invalid("/header/Content-Type", "enum", "must be multipart/form-data with one file field 'file'"));
  if (Number(req.headers["content-length"]) > uploadBodyLimit(files.maxBytes)) return Promise.reject(tooLarge(files.maxBytes));
  return new Promise<Upload>((resolve, reject) => {
    let settled = false;
    let file: Readable | undefined;
    const settle = (run: () => void, failure?: MotcuaError) => {
      if (settled) return;
      settled = true;
      // Stop feeding the parser: what the client still sends is not read (the caller closes the connection).
      req.unpipe(bb);
      // A file still streaming is ended with the failure, so the store removes its temp file.
      if (failure && file && !file.destroyed) file.destroy(failure);
      run();
    };
    const fail = (e: MotcuaError) => settle(() => reject(e), e);
    let bb: busboy.Busboy;
    try {
      // Fields are not used; a few small ones are tolerated so a form's extra inputs do not fail it.
      // File names are UTF-8 as browsers send them (busboy's default reads them as Latin-1).
      bb = busboy({ headers: req.headers, defParamCharset: "utf8", limits: { files: 1, fields: 10, fieldSize: 1024, parts: 12 } });
    } catch {
      return reject(invalid("/header/Content-Type", "boundary", "the multipart boundary is missing"));
    }
    let receiving: Promise<Upload> | undefined;
    bb.on("file", (field: string, stream: Readable, info: busboy.FileInfo) => {
      if (field !== "file" || receiving) {
        stream.resume();
        return fail(invalid(`/${field}`, "unknown", "the only file field is 'file'"));
      }
      file = stream;
      receiving = files.receive(stream, info.mimeType).then((stored) => ({ ...stored, name: cleanName(info.filename) }));
      receiving.then((u) => settle(() => resolve(u)), (e: MotcuaError) => settle(() => reject(e)));
    });
    bb.on("error", () => fail(new MotcuaError("request.invalid", "the multipart body is malformed or ended early")));
    bb.on("close", () => {
      if (!receiving) fail(invalid("/file", "required", "send the file in a field named 'file'"));
    });
    // The client going away mid-upload: the file stream is destroyed and the store removes its temp file.
    req.once("close", () => {
      if (!req.complete) fail(new MotcuaError("request.invalid", "the client closed the connection during the upload"));
    });
    req.pipe(bb);
  });
}

/** The name is shown back to people: no control characters (no NUL, which PostgreSQL text refuses), NFC, bounded. */
function cleanName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (name ?? "").normalize("NFC").replace(/[\u0000-\u001f\u007f]/g, "").slice(0, MAX_NAME);
}

function invalid(pointer: string, rule: string, message: string): MotcuaError {
  return new MotcuaError("request.invalid", message, { errors: [{ pointer, rule, message }] });
}
