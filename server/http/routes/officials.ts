// Officials of a province, managed by its administrators (server/officials/admin.ts): list and
// search, create, rename or move, deactivate and reactivate, roles; and their signing
// certificates: an administrator registers a certificate to an account; it is refused, with the
// verifier's report, when it does not chain, is not valid, is revoked or cannot sign.
import { Router } from "express";
import { webcrypto } from "node:crypto";
import type { AppDeps } from "../app.js";
import { bodyObject } from "../app.js";
import { requireRole } from "../auth.js";
import { MotcuaError, fieldError } from "../../../engine/errors.js";
import { statedReason } from "../../../engine/text.js";
import { getOfficial } from "../../store/officials.js";
import { registerCertificate } from "../../pki/register.js";
import { appendRegistryEntry } from "../../audit/registry.js";
import { OfficialAdmin } from "../../officials/admin.js";
import { SupervisionService } from "../../supervision/service.js";

export function officialRoutes(d: AppDeps): Router {
  const r = Router();
  const official = async (id: string, province: string) => {
    const o = await getOfficial(d.db, id);
    // Administrators manage officials of their own province only.
    if (!o || o.province !== province) throw new MotcuaError("request.not_found", `no official '${id}'`);
    return o;
  };

  const admin = new OfficialAdmin({ db: d.db, logKey: d.tlog.key, clock: d.clock, supervision: new SupervisionService({ db: d.db, cases: d.cases, clock: d.clock }) });

  // ?q=words of the name or username&unit=&active=true|false
  r.get("/", requireRole("admin", "auditor"), async (req, res) => {
    const q = req.query as Record<string, unknown>;
    for (const k of ["q", "unit", "active"]) if (q[k] !== undefined && typeof q[k] !== "string") throw fieldError(`/query/${k}`, "format", "must be given once");
    if (q.active !== undefined && q.active !== "true" && q.active !== "false") throw fieldError("/query/active", "format", "must be true or false");
    if (typeof q.q === "string" && q.q.length > 100) throw fieldError("/query/q", "format", "at most 100 characters");
    const items = await admin.list(req.principal!, {
      ...(typeof q.q === "string" ? { q: q.q } : {}),
      ...(typeof q.unit === "string" ? { unit: q.unit } : {}),
      ...(q.active !== undefined ? { active: q.active === "true" } : {}),
    });
    res.json({ items });
  });
  // {username, fullName, unit, roles}: 201 with the initial password, shown this once.
  r.post("/", requireRole("admin"), async (req, res) => {
    res.status(201).json(await admin.create(req.principal!, bodyObject(req)));
  });
  // {csv, dryRun?}: a spreadsheet export, all rows or none; the dry run lists every row's problems.
  r.post("/import", requireRole("admin"), async (req, res) => {
    const out = await admin.import(req.principal!, bodyObject(req));
    res.status(out.dryRun ? 200 : 201).json(out);
  });
  // {fullName?, unit?}
  r.patch("/:id", requireRole("admin"), async (req, res) => {
    res.json({ official: await admin.update(req.principal!, req.params.id as string, bodyObject(req)) });
  });
  // {reason}: their token stops working at once; their open claims go back to the queues.
  r.post("/:id/deactivate", requireRole("admin"), async (req, res) => {
    res.json(await admin.deactivate(req.principal!, req.params.id as string, bodyObject(req)));
  });
  r.post("/:id/reactivate", requireRole("admin"), async (req, res) => {
    res.json({ official: await admin.reactivate(req.principal!, req.params.id as string) });
  });

  r.get("/:id/certificates", requireRole("admin", "auditor"), async (req, res) => {
    const o = await official(req.params.id as string, req.principal!.province);
    const rows = await d.db.query(
      "select fingerprint, subject, not_after, registered_at, unregistered_at from official_certificates where official_id = $1 order by registered_at",
      [o.id],
    );
    res.json({ items: rows.rows });
  });

  // Roles decide what an official may do: every change is a sealed registry entry in the audit log.
  r.put("/:id/roles", requireRole("admin"), async (req, res) => {
    const o = await official(req.params.id as string, req.principal!.province);
    const roles = bodyObject(req).roles;
    if (!Array.isArray(roles) || roles.length === 0 || roles.some((x) => typeof x !== "string" || !/^[a-z][a-z0-9-]*$/.test(x))) {
      throw new MotcuaError("request.invalid", "roles must be a non-empty list of role ids", { errors: [{ pointer: "/roles", rule: "items", message: "must be a non-empty array of role ids" }] });
    }
    const next = [...new Set(roles as string[])].sort();
    const at = d.clock();
    await d.db.tx(async (q) => {
      await q.query("update officials set roles = $2 where id = $1", [o.id, next]);
      await appendRegistryEntry(q, d.tlog.key, { stream: `official:${o.id}`, province: o.province, at, actorId: req.principal!.id, action: "official.roles", data: { from: o.roles, to: next } });
    });
    res.json({ id: o.id, roles: next });
  });

  r.post("/:id/certificates", requireRole("admin"), async (req, res) => {
    const o = await official(req.params.id as string, req.principal!.province);
    const pem = bodyObject(req).certificate;
    if (typeof pem !== "string") throw new MotcuaError("request.invalid", "certificate (PEM) is required", { errors: [{ pointer: "/certificate", rule: "required", message: "must be a PEM certificate" }] });
    const out = await registerCertificate(d.db, d.tlog.key, o.id, pem, await d.cases.trustStore(), d.clock(), webcrypto as unknown as Crypto, req.principal!.id, d.cases.signing);
    res.status(201).json(out);
  });

  // {reason}: a certificate the official no longer holds (token lost, left, key compromised). From
  // the next request on it signs nothing for them; the signatures made with it before stay valid
  // evidence (the verifier checks them as of their signing time).
  r.post("/:id/certificates/:fingerprint/unregister", requireRole("admin"), async (req, res) => {
    const o = await official(req.params.id as string, req.principal!.province);
    const reason = statedReason(bodyObject(req).reason);
    const fingerprint = req.params.fingerprint as string;
    const at = d.clock();
    await d.db.tx(async (q) => {
      const u = await q.query("update official_certificates set unregistered_at = $3 where official_id = $1 and fingerprint = $2 and unregistered_at is null", [o.id, fingerprint, at]);
      if (u.rowCount !== 1) throw new MotcuaError("request.not_found", `no certificate ${fingerprint} registered to ${o.id}`);
      await appendRegistryEntry(q, d.tlog.key, {
        stream: `official:${o.id}`, province: o.province, at, actorId: req.principal!.id, action: "certificate.unregister",
        data: { fingerprint, reason },
      });
    });
    res.json({ fingerprint, unregisteredAt: at });
  });
  return r;
}
