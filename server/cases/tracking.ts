// The officials' side of the tracking secret: printing it on the receipt when the caller holds it,
// and issuing a new one (the old stops working) to the reception of the case's unit.
import type { Database } from "../db/database.js";
import type { Principal } from "../http/auth.js";
import type { AppDeps } from "../http/app.js";
import { MotcuaError } from "../../engine/errors.js";
import { issueTrackingSecret, normalizeSecret, secretMatches } from "./tracking-secret.js";
import { replaceTrackingHash, trackingHashOf } from "../store/tracking.js";

/** The secret to print, given in the Tracking-Secret header; one that is not this case's is refused rather than printed. */
export async function trackingSecretToPrint(db: Database, caseId: string, given: string | undefined): Promise<string | undefined> {
  if (given === undefined) return undefined;
  const hash = await trackingHashOf(db, caseId);
  if (!secretMatches(hash ? { caseId, hash } : undefined, given)) {
    const message = "is not this dossier's tracking secret";
    throw new MotcuaError("request.invalid", message, { errors: [{ pointer: "/headers/tracking-secret", rule: "matches", message }] });
  }
  return normalizeSecret(given)!.match(/.{4}/g)!.join("-");
}

/** Who may receive the procedure's dossiers in the case's own unit may hand the citizen a new secret. */
export async function reissueTrackingSecret(d: Pick<AppDeps, "db" | "cases" | "clock" | "reads">, p: Principal, id: string): Promise<{ code: string; trackingSecret: string }> {
  const c = await d.cases.loadSeenBy(p, id);
  const cp = await d.cases.compiled(d.db, c);
  if (!p.roles.some((r) => cp.def.intake.roles.includes(r))) throw new MotcuaError("actor.role_not_permitted", `issuing a tracking secret needs one of: ${cp.def.intake.roles.join(", ")}`);
  if (p.unit !== c.unit) throw new MotcuaError("actor.unit_not_permitted", `official of unit ${p.unit} cannot issue a secret for a case of unit ${c.unit}`);
  const issued = issueTrackingSecret(c.id);
  await replaceTrackingHash(d.db, c, issued.hash, d.clock());
  // Who handed out a key to the dossier's progress is on record, like a read of it.
  await d.reads.record(p, "POST /cases/{id}/tracking-secret", [c.id]);
  return { code: c.code, trackingSecret: issued.secret };
}
