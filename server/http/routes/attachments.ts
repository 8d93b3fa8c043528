// Scanned papers received at the counter: POST /attachments stores one file and answers its hash,
// which the dossier's documents then name at intake (server/attachments/binding.ts).
import { Router } from "express";
import type { AppDeps } from "../app.js";
import { MotcuaError } from "../../../engine/errors.js";
import { receiveUpload } from "../../attachments/upload.js";
import { insertAttachment } from "../../store/attachments.js";
import { isIntakeRole } from "../../store/procedures.js";
import { closeWithoutReading } from "../json-body.js";

export function attachmentRoutes(d: AppDeps): Router {
  const r = Router();
  r.post("/", async (req, res, next) => {
    const p = req.principal!;
    let upload;
    try {
      // Only those who receive dossiers scan their papers; checked before a byte of the file is read.
      if (!(await isIntakeRole(d.db, p.roles))) throw new MotcuaError("auth.forbidden", "uploading papers needs a role that receives dossiers");
      upload = await receiveUpload(req, d.attachments);
    } catch (e) {
      // The rest of a refused body is not read: the answer goes out and the connection is closed.
      closeWithoutReading(req, res);
      return next(e);
    }
    await insertAttachment(d.db, { ...upload, unit: p.unit, province: p.province, uploadedBy: p.id, uploadedAt: d.clock() });
    res.status(201).json({ sha256: upload.sha256, mediaType: upload.mediaType, size: upload.size, name: upload.name });
  });
  return r;
}
