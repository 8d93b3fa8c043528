// Checking a signed result without an account (DOMAIN: "anyone can check a result"). The extract
// carries its case code and the digest of what was signed; this answers for that pair only, with
// the procedure, the unit, the signed step, the certificate and whether the record verifies, and
// nothing from the dossier. An unknown code and a wrong digest get the same 404, so the route
// cannot be used to learn which case codes exist.
import { Router } from "express";
import type { AppDeps } from "../app.js";
import { MotcuaError } from "../../../engine/errors.js";
import { verifyStoredCase } from "../../audit/verify-case.js";
import { publicResultOf } from "../../../engine/audit/public-result.js";
import { getUnit } from "../../store/units.js";
import { formatVerifierKey } from "../../../engine/audit/checkpoint.js";
import { publicRateLimit } from "../public-rate-limit.js";

const DIGEST = /^[0-9a-fA-F]{64}$/;

export function publicResultRoutes(d: AppDeps): Router {
  const r = Router();
  // Each answer re-verifies a whole case (~20 ms of CPU, `npm run bench -- public`): an anonymous
  // caller gets a few checks a minute per address, plenty for a clerk at a bank counter. Behind a
  // reverse proxy, set Express's "trust proxy" so the address is the client's, not the proxy's.
  r.use("/results", publicRateLimit(d.publicChecksPerMinute, "checks"));
  r.get("/results/:code/:digest", async (req, res) => {
    const code = req.params.code as string;
    const raw = req.params.digest as string;
    if (!DIGEST.test(raw)) {
      throw new MotcuaError("request.invalid", "digest must be the 64 hexadecimal digits printed on the result", {
        errors: [{ pointer: "/path/digest", rule: "pattern", message: "must be 64 hexadecimal digits (SHA-256)" }],
      });
    }
    const digest = raw.toLowerCase();
    // One indexed lookup decides whether there is anything to show before any verification work.
    const hit = await d.db.query<{ id: string }>(
      "select c.id from cases c join audit_entries a on a.case_id = c.id where c.code = $1 and a.entry->'signature'->>'payloadDigest' = $2 limit 1",
      [code, digest],
    );
    const id = hit.rows[0]?.id;
    if (!id) throw new MotcuaError("result.not_found", `no signed result ${code} / ${digest.slice(0, 12)}…`);
    // Verified against the latest checkpoint the log has published: a public request never
    // publishes one (the periodic publisher and auditors do), so it cannot be made to write.
    const { bundle, report } = await verifyStoredCase(d, id, d.clock());
    const result = publicResultOf(bundle, report, digest);
    if (!result) throw new MotcuaError("result.not_found", `no signed result ${code} / ${digest.slice(0, 12)}…`);
    const unit = await getUnit(d.db, result.step.unit);
    res.set("cache-control", "no-store").json({ ...result, step: { ...result.step, unitName: unit?.name ?? null }, checkedAt: d.clock() });
  });

  // The key a reader checks the answer's proof with. Served here for convenience; a province also
  // publishes it elsewhere (its portal, the printed extract), and the console shows its key id so
  // the two can be compared: a proof checked against a key taken from the same server proves less.
  r.get("/log-key", async (_req, res) => {
    const k = d.tlog.key;
    res.set("cache-control", "public, max-age=3600").json({
      name: k.name, publicKeyPem: k.publicKeyPem, publicKey: Buffer.from(k.publicKeyRaw).toString("base64"),
      verifierKey: await formatVerifierKey(k.name, k.publicKeyRaw, globalThis.crypto),
    });
  });

  return r;
}
