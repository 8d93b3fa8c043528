// Cases: intake, inbox, one case with the actions the caller may take, actions, history,
// and the payload an official signs at a checkpoint.
import { Router, type Request, type Response } from "express";
import type { AppDeps } from "../app.js";
import { bodyObject } from "../app.js";
import { MotcuaError } from "../../../engine/errors.js";
import { requestHash, responseText, type IdempotencyClaim } from "../../cases/idempotency.js";
import { getCaseSeenBy, listCases, listEntries } from "../../store/cases.js";
import { searchCases, searchPhrase } from "../../store/case-search.js";
import { caseOutbox } from "../../outbox/status.js";
import { recordCasePayment } from "../../cases/payment.js";
import { checkPossibleDuplicates } from "../../cases/duplicates.js";
import { getUnit, unitWithPredecessors, visibleUnits } from "../../store/units.js";
import { receiptPdf } from "../../papers/receipt.js";
import { reissueTrackingSecret, trackingSecretToPrint } from "../../cases/tracking.js";
import { extractPdf } from "../../papers/extract.js";
import { sendDocumentFile } from "../../attachments/download.js";
import { buildSigningPayload, payloadDigest } from "../../../engine/signature/payload.js";
import { canonicalJson } from "../../../engine/hash.js";
import { findAction } from "../../../engine/available.js";
import { deadlineStatus } from "../../../engine/deadline.js";
import { actingUnit, taskView } from "../../../engine/unit-task.js";

export function caseRoutes(d: AppDeps): Router {
  const r = Router();
  const visible = (req: Request) => visibleUnits(d.db, req.principal!);

  r.post("/", (req, res) => idempotent(d, req, res, (claim) => openRecordingDuplicates(d, req, claim)));

  // Before intake: the cases of the province that may already register this dossier. Naming them
  // tells the caller whose dossiers hold these facts: a recorded read of those cases.
  r.post("/possible-duplicates", async (req, res) => {
    const answer = await checkPossibleDuplicates({ cases: d.cases, db: d.db, clock: d.clock }, req.principal!, bodyObject(req));
    await d.reads.record(req.principal!, "POST /cases/possible-duplicates", answer.possibleDuplicates.map((x) => x.id));
    res.json(answer);
  });

  r.get("/", async (req, res) => {
    const units = await visible(req);
    const q = req.query as Record<string, string | undefined>;
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw queryError("limit", "must be an integer from 1 to 500");
    if (q.unit && !units.includes(q.unit)) throw queryError("unit", "not a unit you may see");
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    const now = d.clock();
    const items = await listCases(d.db, {
      // A merged commune's cases are found under its successor too.
      units: q.unit ? (await unitWithPredecessors(d.db, q.unit)).filter((u) => units.includes(u)) : units,
      state: q.state,
      procedureId: q.procedure,
      overdueAt: q.overdue === "true" ? now : undefined,
      provisional: q.provisional === "true",
      open: q.closed === "true" ? false : true,
      limit,
      after,
    });
    const last = items.at(-1);
    // A task another unit asked of the caller's shows only the part its procedure declares.
    const shown = await Promise.all(items.map(async (c) => (!units.includes(c.unit) && c.task ? taskView(await d.cases.compiled(d.db, c), { ...c, task: c.task }) : c)));
    // The inbox returns each dossier's data: the whole page is one read record.
    await d.reads.record(req.principal!, "GET /cases", items.map((c) => c.id));
    res.json({
      items: shown.map((c) => ({ ...c, deadline: deadlineStatus(now, c.dueAt, d.cases.calendar, { pausedAt: c.pausedAt ?? undefined }) })),
      nextCursor: items.length === limit && last ? encodeCursor({ dueAt: last.dueAt, id: last.id }) : null,
    });
  });

  r.get("/search", async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const text = typeof q.q === "string" ? searchPhrase(q.q) : "";
    // A phrase of one or two letters would match a great part of the dossiers: ask for a real name, number or code.
    if ([...text].length < SEARCH_MIN || [...text].length > SEARCH_MAX) throw queryError("q", `must be ${SEARCH_MIN} to ${SEARCH_MAX} characters (a name, an ID number, a phone number or a case code)`, "length");
    const limit = q.limit === undefined ? 20 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw queryError("limit", "must be an integer from 1 to 100");
    const now = d.clock();
    // Open and closed cases alike, but only of the units the caller may see (its jurisdiction).
    const items = await searchCases(d.db, { units: await visible(req), text, limit });
    await d.reads.record(req.principal!, "GET /cases/search", items.map((c) => c.id));
    res.json({ items: items.map((c) => ({ ...c, deadline: deadlineStatus(now, c.dueAt, d.cases.calendar, { pausedAt: c.pausedAt ?? undefined }) })) });
  });

  r.get("/:id", async (req, res) => {
    const view = await d.cases.view(req.principal!, req.params.id);
    await d.reads.record(req.principal!, "GET /cases/{id}", [view.case.id]);
    res.json(view);
  });

  r.get("/:id/receipt.pdf", async (req, res) => {
    const c = await d.cases.loadSeenBy(req.principal!, req.params.id);
    const cp = await d.cases.compiled(d.db, c);
    const unit = await getUnit(d.db, c.unit);
    // The secret is printed only if the caller holds it (the console right after intake): the server keeps its hash alone.
    const trackingSecret = await trackingSecretToPrint(d.db, c.id, req.get("tracking-secret"));
    const trackUrl = `${req.protocol}://${req.get("host")}/app/#/track`;
    const pdf = await receiptPdf({ c, def: cp.def, unitName: unit?.name ?? c.unit, timeZone: d.cases.calendar.timeZone, trackingSecret, trackUrl });
    // The slip prints what was received for whom: a read of the dossier like the case view.
    await d.reads.record(req.principal!, "GET /cases/{id}/receipt.pdf", [c.id]);
    res.type("application/pdf").set("content-disposition", `inline; filename="${c.code}-giay-tiep-nhan.pdf"`).send(Buffer.from(pdf));
  });

  // A new tracking secret for a citizen who lost the receipt: the old one stops working.
  r.post("/:id/tracking-secret", async (req, res) => {
    res.status(201).json(await reissueTrackingSecret(d, req.principal!, req.params.id as string));
  });

  r.get("/:id/extract.pdf", async (req, res) => {
    const c = await d.cases.loadSeenBy(req.principal!, req.params.id);
    const signed = (await listEntries(d.db, c.id)).filter((e) => e.signature).at(-1);
    if (!signed?.signature) throw new MotcuaError("case.not_signed", `case ${c.code} has no signed step`);
    const cp = await d.cases.compiled(d.db, c);
    const unit = await getUnit(d.db, c.unit);
    // The QR holds the console's public check page on the host the paper was printed from.
    const checkUrl = `${req.protocol}://${req.get("host")}/app/#/check/${encodeURIComponent(c.code)}/${signed.signature.payloadDigest}`;
    const pdf = await extractPdf({ c, def: cp.def, signed: { ...signed, signature: signed.signature }, unitName: unit?.name ?? c.unit, timeZone: d.cases.calendar.timeZone, checkUrl });
    await d.reads.record(req.principal!, "GET /cases/{id}/extract.pdf", [c.id]);
    res.type("application/pdf").set("content-disposition", `inline; filename="${c.code}-ket-qua.pdf"`).send(Buffer.from(pdf));
  });

  r.get("/:id/documents/:docId/file", (req, res) => sendDocumentFile(d, req, res));

  r.get("/:id/history", async (req, res) => {
    const history = await d.cases.history(req.principal!, req.params.id);
    await d.reads.record(req.principal!, "GET /cases/{id}/history", [history.case.id]);
    res.json(history);
  });

  r.get("/:id/outbox", async (req, res) => {
    const c = await d.cases.loadSeenBy(req.principal!, req.params.id);
    res.json({ items: await caseOutbox(d.db, c.id) });
  });

  r.get("/:id/signing-payload", async (req, res) => {
    const seen = await getCaseSeenBy(d.db, req.params.id, req.principal!);
    if (!seen || (!seen.visible && !seen.taskForCaller)) throw new MotcuaError("case.not_found", req.params.id);
    const c = seen.case;
    const cp = await d.cases.compiled(d.db, c);
    // The unit a task was asked of signs its answer, when declared: the payload holds hashes, not the dossier.
    const mayTake = (a: { id: string }) => seen.visible || actingUnit(cp, c, a.id) !== c.unit;
    const actionId = typeof req.query.action === "string" ? req.query.action : cp.def.actions.find((a) => a.signature && a.from.includes(c.state) && mayTake(a))?.id;
    const found = actionId && mayTake({ id: actionId }) ? findAction(cp, c.state, actionId) : undefined;
    if (!found || !found.action.signature) {
      // For the task's unit nothing but a signed answer exists here.
      if (!seen.visible) throw new MotcuaError("case.not_found", req.params.id);
      throw new MotcuaError("action.not_available", `no signed action '${actionId ?? ""}' from state '${c.state}'`);
    }
    const payload = buildSigningPayload(c, found.action.id, found.action.signature);
    await d.reads.record(req.principal!, "GET /cases/{id}/signing-payload", [c.id]);
    res.json({ action: found.action.id, caseVersion: c.version, payload, canonical: canonicalJson(payload), sha256: payloadDigest(payload) });
  });

  r.post("/:id/actions", (req, res) =>
    idempotent(d, req, res, async (claim) => {
      const found = await getCaseSeenBy(d.db, req.params.id as string, req.principal!);
      // A case outside the caller's sight is "not found", but inside a province it is a jurisdiction refusal (the engine's 403).
      // The unit a task was asked of answers it from wherever it is.
      if (!found || (!found.visible && !found.taskForCaller && found.case.province !== req.principal!.province)) throw new MotcuaError("case.not_found", req.params.id as string);
      return d.cases.act(req.principal!, found.case, bodyObject(req), claim);
    }),
  );
  // {method: "cash" | "online", reference?}: the reception officer of the case's unit (server/cases/payment.ts).
  r.post("/:id/payment", (req, res) =>
    idempotent(d, req, res, (claim) => recordCasePayment({ cases: d.cases, db: d.db, clock: d.clock }, req.principal!, req.params.id as string, bodyObject(req), claim)),
  );
  return r;
}

/** Intake; a refusal that lists possible duplicates names other cases, so it is recorded as a read of them like the check itself. */
async function openRecordingDuplicates(d: AppDeps, req: Request, claim?: IdempotencyClaim): Promise<{ status: number; body: unknown }> {
  try {
    return await d.cases.open(req.principal!, bodyObject(req), claim);
  } catch (e) {
    const found = e instanceof MotcuaError && e.code === "case.possible_duplicate" ? (e.extra?.possibleDuplicates as Array<{ id: string }>) : [];
    await d.reads.record(req.principal!, "POST /cases", found.map((x) => x.id));
    throw e;
  }
}

/** Wraps a write in Idempotency-Key handling when the client sent the header. */
async function idempotent(d: AppDeps, req: Request, res: Response, run: (claim?: IdempotencyClaim) => Promise<{ status: number; body: unknown }>): Promise<void> {
  const key = req.get("Idempotency-Key");
  if (key === undefined) {
    const out = await run();
    res.status(out.status).json(out.body);
    return;
  }
  const claimed = await d.idempotency.claim(req.principal!.id, key, requestHash(req.method, req.originalUrl, req.body), d.clock());
  if (claimed.kind === "replay") {
    res.status(claimed.status).set("Idempotent-Replayed", "true").type("application/json").send(claimed.body);
    return;
  }
  try {
    const out = await run(claimed.claim);
    d.idempotency.done(claimed.claim);
    // The same text completeKey stored, so a replay is byte-identical to this answer.
    res.status(out.status).type("application/json").send(responseText(out.body));
  } catch (e) {
    await d.idempotency.release(claimed.claim, e);
    throw e;
  }
}

const SEARCH_MIN = 3;
const SEARCH_MAX = 100;

function queryError(name: string, message: string, rule = "format"): MotcuaError {
  return new MotcuaError("request.invalid", message, { errors: [{ pointer: `/query/${name}`, rule, message }] });
}

function encodeCursor(c: { dueAt: string; id: string }): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeCursor(s: string): { dueAt: string; id: string } {
  try {
    const c = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as { dueAt?: unknown; id?: unknown };
    if (typeof c.dueAt === "string" && typeof c.id === "string" && !Number.isNaN(Date.parse(c.dueAt))) return { dueAt: c.dueAt, id: c.id };
  } catch {
    // fall through
  }
  throw queryError("cursor", "not a cursor returned by this API");
}
