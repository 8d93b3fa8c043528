// The citizen's tracking page without an account (server/http/routes/track.ts).
import { AUTH_ERRORS, PUBLIC, jsonBody, ok, param, problems, ref, type OpenapiArea } from "../types.js";

const DATE_TIME = { type: "string", format: "date-time" };
const title = { oneOf: [ref("LocalizedText"), { type: "null" }] };

export const trackArea: OpenapiArea = {
  tag: {
    name: "tracking",
    description: "For the citizen, without an account: one dossier's progress, opened by its code and the tracking secret printed on the receipt. Never returns the form's data or an official's name.",
  },
  schemas: {
    TrackRequest: {
      type: "object",
      required: ["code", "secret"],
      properties: {
        code: { type: "string", maxLength: 64, description: "The dossier code on the receipt, e.g. HS-260302-7KQ2MX (case does not matter)." },
        secret: { type: "string", maxLength: 64, description: "The tracking secret on the receipt, XXXX-XXXX-XXXX; case, spaces and dashes do not matter, O reads as 0 and I or L as 1." },
      },
    },
    CitizenView: {
      type: "object",
      additionalProperties: false,
      required: ["code", "procedure", "unit", "unitName", "state", "receivedAt", "channel", "appointment", "originalAppointment", "paused", "closedAt", "outcome", "appointmentChanges", "missing", "reason", "steps"],
      properties: {
        code: { type: "string" },
        procedure: { type: "object", required: ["id", "title"], properties: { id: { type: "string" }, title: ref("LocalizedText") } },
        unit: { type: "string" },
        unitName: { type: "string" },
        state: { type: "object", required: ["id", "kind", "title"], properties: { id: { type: "string" }, kind: { enum: ["task", "signature", "waiting-citizen", "final"] }, title } },
        receivedAt: DATE_TIME,
        channel: { enum: ["counter", "online"] },
        appointment: { ...DATE_TIME, description: "The appointment now (ngày hẹn trả kết quả)." },
        originalAppointment: { ...DATE_TIME, description: "The appointment given at intake." },
        paused: { type: "boolean", description: "The clock is stopped while the dossier waits on the citizen." },
        closedAt: { oneOf: [DATE_TIME, { type: "null" }] },
        outcome: { enum: ["completed", "refused", "withdrawn", null] },
        appointmentChanges: {
          type: "array",
          description: "Every time the appointment moved, oldest first, with the step that moved it (a lawful extension, an apology notice, a pause for missing papers...).",
          items: { type: "object", required: ["at", "from", "to", "action", "title"], properties: { at: DATE_TIME, from: DATE_TIME, to: DATE_TIME, action: { type: "string" }, title } },
        },
        missing: {
          type: "object",
          required: ["documents", "note"],
          properties: {
            documents: { type: "array", items: { type: "object", required: ["id", "title"], properties: { id: { type: "string" }, title: ref("LocalizedText") } }, description: "Papers the dossier still needs (none once it is closed)." },
            note: { type: ["string", "null"], description: "While the dossier waits on the citizen: what the officer asked for." },
          },
        },
        reason: { type: ["string", "null"], description: "The written reason of a refusal or a withdrawal." },
        steps: { type: "array", items: { type: "object", required: ["at", "state", "title"], properties: { at: DATE_TIME, state: { type: "string" }, title } } },
      },
    },
  },
  paths: {
    "/cases/{id}/tracking-secret": {
      parameters: [param("CaseId")],
      post: {
        operationId: "reissueTrackingSecret",
        summary: "A new tracking secret for a citizen who lost the receipt (the old one stops working)",
        description: "For an official with a role that may receive the procedure's dossiers, in the case's own unit. Returned this once; recorded like a read of the dossier.",
        responses: {
          "201": ok("The new secret.", { type: "object", required: ["code", "trackingSecret"], properties: { code: { type: "string" }, trackingSecret: { type: "string", pattern: "^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$" } } }),
          ...problems(...AUTH_ERRORS, "case.not_found", "actor.role_not_permitted", "actor.unit_not_permitted"),
        },
      },
    },
    "/track": {
      post: {
        operationId: "trackDossier",
        summary: "A dossier's progress, by its code and the tracking secret on the receipt",
        description:
          "An unknown code and a wrong secret are the same 404 after the same work (the secret's hash is compared in constant time, and computed for an unknown code too), " +
          "so the route does not reveal which codes exist. Each client address may ask PUBLIC_CHECKS_PER_MINUTE times a minute (default 30); beyond that, 429 with Retry-After. " +
          "POST, so the secret never appears in a URL or an access log.",
        ...PUBLIC,
        requestBody: jsonBody(ref("TrackRequest")),
        responses: {
          "200": ok("Where the dossier stands.", ref("CitizenView")),
          ...problems("request.invalid", "case.not_found", "request.rate_limited"),
        },
      },
    },
  },
};
