// A province's units (server/http/routes/units.ts): listed by its administrators and auditors;
// created, renamed, dissolved and imported by its administration at the province, each change a
// registry entry. Merging is supervision's (paths/supervision.ts).
import { AUTH_ERRORS, jsonBody, ok, problems, type OpenapiArea } from "../types.js";

const code = { name: "code", in: "path", required: true, schema: { type: "string" }, description: "Unit code, e.g. 01-ba-dinh." };
const kinds = ["commune", "ward", "special-zone", "agency"];
const unit = {
  type: "object",
  required: ["code", "name", "kind", "province", "effectiveFrom", "successor", "dissolvedAt"],
  properties: {
    code: { type: "string" }, name: { type: "string" }, kind: { enum: ["province", ...kinds] }, province: { type: "string" },
    effectiveFrom: { type: ["string", "null"], format: "date" }, successor: { type: ["string", "null"] },
    dissolvedAt: { type: ["string", "null"], format: "date-time" }, dissolutionReason: { type: ["string", "null"] },
  },
};
const newUnit = {
  type: "object",
  required: ["code", "name", "kind"],
  properties: {
    code: { type: "string", description: "The province's code, '-', then lower-case words joined by '-'." },
    name: { type: "string", minLength: 1, maxLength: 200 }, kind: { enum: kinds }, effectiveFrom: { type: "string", format: "date" },
  },
};
const unitAnswer = { type: "object", required: ["unit"], properties: { unit } };
const WRITE = [...AUTH_ERRORS, "auth.forbidden", "request.invalid", "request.too_large", "request.too_deep"] as const;
const importAnswer = {
  type: "object",
  required: ["dryRun", "ok", "count", "problems", "created"],
  properties: { dryRun: { type: "boolean" }, ok: { type: "boolean" }, count: { type: "integer" }, problems: { type: "array" }, created: { type: "integer" } },
};

export const unitArea: OpenapiArea = {
  tag: { name: "units", description: "A province's administrative units and agencies." },
  paths: {
    "/units": {
      get: {
        operationId: "listUnits",
        summary: "The units of the caller's province (administrators and auditors); dissolved and merged ones with all=true",
        parameters: [
          { name: "kind", in: "query", schema: { enum: ["province", ...kinds] } },
          { name: "all", in: "query", schema: { enum: ["true", "false"] } },
        ],
        responses: { "200": ok("The units.", { type: "object", required: ["items"], properties: { items: { type: "array", items: unit } } }), ...problems(...AUTH_ERRORS, "auth.forbidden", "request.invalid") },
      },
      post: {
        operationId: "createUnit",
        summary: "Create a commune, ward, special zone or agency of the province (administrators at the province)",
        requestBody: jsonBody(newUnit),
        responses: { "201": ok("Created.", unitAnswer), ...problems(...WRITE, "unit.exists") },
      },
    },
    "/units/import": {
      post: {
        operationId: "importUnits",
        summary: "Create many units at once, all or none; a dry run names every problem",
        description: "{units: [...]} (problems at /units/<i>/<field>) or {csv} with the header code,name,kind[,effectiveFrom] (problems at /rows/<n>/<column>); at most 5,000; one registry entry of the stream units:<province>.",
        requestBody: jsonBody({ type: "object", properties: { units: { type: "array", items: newUnit }, csv: { type: "string" }, dryRun: { type: "boolean" } } }),
        responses: { "200": ok("The dry run's report.", importAnswer), "201": ok("Imported.", importAnswer), ...problems(...WRITE, "unit.exists") },
      },
    },
    "/units/{code}": {
      parameters: [code],
      get: { operationId: "getUnit", summary: "One unit of the province", responses: { "200": ok("The unit.", unitAnswer), ...problems(...AUTH_ERRORS, "auth.forbidden", "unit.not_found") } },
      patch: {
        operationId: "renameUnit",
        summary: "Rename a unit (administrators at the province); the code stays",
        requestBody: jsonBody({ type: "object", required: ["name"], additionalProperties: false, properties: { name: { type: "string", minLength: 1, maxLength: 200 } } }),
        responses: { "200": ok("The unit.", unitAnswer), ...problems(...WRITE, "unit.not_found", "unit.dissolved") },
      },
    },
    "/units/{code}/dissolve": {
      parameters: [code],
      post: {
        operationId: "dissolveUnit",
        summary: "Dissolve a unit with no active official and no open case (administrators at the province); merge one that has work",
        requestBody: jsonBody({ type: "object", required: ["reason"], properties: { reason: { type: "string", minLength: 5, maxLength: 500 } } }),
        responses: { "200": ok("The unit, dissolved.", unitAnswer), ...problems(...WRITE, "unit.not_found", "unit.dissolved", "unit.not_empty", "unit.merge_invalid") },
      },
    },
  },
};
