// Scanned papers (server/http/routes/attachments.ts and GET /cases/{id}/documents/{docId}/file).
import { AUTH_ERRORS, param, problems, ref, type OpenapiArea } from "../types.js";
import { MEDIA_TYPES } from "../../../attachments/media-type.js";

const SHA256 = { type: "string", pattern: "^[0-9a-f]{64}$" };

export const attachmentArea: OpenapiArea = {
  tag: {
    name: "attachments",
    description:
      "Scanned papers of a dossier. A file is uploaded first and answered with its SHA-256; a document of the intake (POST /cases) naming that hash is bound " +
      "to the file, through the intake entry in the case's chain. Files are stored once per content, typed by their bytes, and never deleted while a case names them.",
  },
  schemas: {
    Attachment: {
      type: "object",
      additionalProperties: false,
      required: ["sha256", "mediaType", "size", "name"],
      properties: {
        sha256: { ...SHA256, description: "Computed by the server while the file streamed in; name it as a document's sha256 at intake." },
        mediaType: { enum: [...MEDIA_TYPES], description: "Sniffed from the content's first bytes, never from the name." },
        size: { type: "integer", minimum: 0 },
        name: { type: "string", maxLength: 255, description: "The file name the client sent (NFC, without control characters)." },
      },
    },
  },
  paths: {
    "/attachments": {
      post: {
        operationId: "uploadAttachment",
        summary: "Upload one scanned paper (PDF, JPEG or PNG)",
        description:
          "multipart/form-data with one file field `file`, streamed to disk, by an official with a role that receives dossiers (a procedure's intake.roles). " +
          "The type is sniffed from the first bytes (%PDF-, FF D8 FF, the PNG signature): any other content, or a declared part Content-Type other than the sniffed one " +
          "(application/octet-stream declares nothing), is 415 attachment.type_not_allowed with `sniffedType` and `declaredType`. A file over ATTACHMENT_MAX_BYTES " +
          "(default 20 MB) is 413 attachment.too_large as soon as the limit is passed, with `maxBytes`; the connection is then closed and nothing is kept. " +
          "The same bytes uploaded again are stored once. A file no case references stays stored (no sweep yet).",
        requestBody: {
          required: true,
          content: {
            "multipart/form-data": {
              schema: { type: "object", required: ["file"], properties: { file: { type: "string", contentMediaType: "application/octet-stream", description: "The scan." } } },
              encoding: { file: { contentType: MEDIA_TYPES.join(", ") } },
            },
          },
        },
        responses: {
          "201": { description: "Stored (or already stored) under its hash.", content: { "application/json": { schema: ref("Attachment") } } },
          ...problems(...AUTH_ERRORS, "auth.forbidden", "request.invalid", "attachment.too_large", "attachment.type_not_allowed"),
        },
      },
    },
    "/cases/{id}/documents/{docId}/file": {
      parameters: [param("CaseId"), { name: "docId", in: "path", required: true, schema: { type: "string" }, description: "The document's id in the procedure (form.documents), e.g. birth-certificate." }],
      get: {
        operationId: "getCaseDocumentFile",
        summary: "The stored file of one of the case's documents",
        description:
          "Served with its sniffed media type, `Content-Disposition: inline` (a PDF or an image opens in the browser) and `X-Content-Type-Options: nosniff`, to whoever " +
          "may read the case (GET /cases/{id}: outside its jurisdiction the same 404 case.not_found); recorded as a read of the case. 404 attachment.not_found when the case " +
          "has no such document or it is a paper only seen at the counter; 410 attachment.missing when the file should be stored but is not.",
        responses: {
          "200": {
            description: "The file's bytes.",
            headers: {
              "Content-Disposition": { schema: { type: "string" }, description: "inline, with the document's name." },
              "X-Content-Type-Options": { schema: { type: "string", enum: ["nosniff"] } },
            },
            content: Object.fromEntries(MEDIA_TYPES.map((t) => [t, { schema: { type: "string", contentMediaType: t } }])),
          },
          ...problems(...AUTH_ERRORS, "case.not_found", "attachment.not_found", "attachment.missing", "procedure.not_found"),
        },
      },
    },
  },
};
