// Supervision (server/http/routes/supervision.ts): apology notices with a new appointment, claiming
// and assigning cases, taking over a departed official's cases, the queue, unit merges, deadline notices.
import type { ErrorCode } from "../../../../engine/errors.js";
import { AUTH_ERRORS, jsonBody, ok, param, problems, ref, type OpenapiArea } from "../types.js";

const WRITE: ErrorCode[] = [...AUTH_ERRORS, "request.invalid", "request.too_large", "request.too_deep"];
const STEP: ErrorCode[] = [...WRITE, "case.not_found", "case.closed", "case.version_conflict", "actor.role_not_permitted", "actor.unit_not_permitted", "auth.forbidden", "data.invalid"];
const expectedVersion = { expectedVersion: { type: "integer", description: "The case version the client read (409 case.version_conflict otherwise)." } };
const step = ok("Applied; the step is in the case's audit chain.", ref("StepResult"));

export const supervisionArea: OpenapiArea = {
  tag: { name: "supervision", description: "Queues and assignment, apology notices for late dossiers (thư xin lỗi), taking over cases, unit merges and deadline notices." },
  paths: {
    "/cases/{id}/apology": {
      parameters: [param("CaseId")],
      post: {
        operationId: "apologise",
        summary: "Record an apology notice for a late case and set a new appointment date",
        description: "By the role owning the case's current state, or a supervisor of its unit.",
        requestBody: jsonBody({
          type: "object",
          required: ["reason", "newAppointment"],
          properties: { reason: { type: "string" }, newAppointment: { type: "string", format: "date", description: "A later working day (YYYY-MM-DD)." }, ...expectedVersion },
        }),
        responses: { "200": step, ...problems(...STEP, "deadline.extension_not_later", "deadline.extension_not_working_day", "deadline.extension_too_long", "deadline.clock_paused") },
      },
    },
    "/cases/{id}/claim": {
      parameters: [param("CaseId")],
      post: {
        operationId: "claimCase",
        summary: "Take a case from the queue of one's unit and role",
        requestBody: jsonBody({ type: "object", properties: expectedVersion }),
        responses: { "200": step, ...problems(...STEP, "assignment.already_claimed") },
      },
    },
    "/cases/{id}/release": {
      parameters: [param("CaseId")],
      post: {
        operationId: "releaseCase",
        summary: "Give a claimed case back to its queue",
        requestBody: jsonBody({ type: "object", properties: expectedVersion }),
        responses: { "200": step, ...problems(...STEP, "assignment.not_holder") },
      },
    },
    "/cases/{id}/assign": {
      parameters: [param("CaseId")],
      post: {
        operationId: "assignCase",
        summary: "Assign a case to an official, or back to the queue (supervisors of the case's unit)",
        requestBody: jsonBody({ type: "object", required: ["officialId"], properties: { officialId: { type: ["string", "null"] }, ...expectedVersion } }),
        responses: { "200": step, ...problems(...STEP, "assignment.target_invalid", "official.not_found") },
      },
    },
    "/officials/{id}/reassign-open-cases": {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" }, description: "The departing official." }],
      post: {
        operationId: "reassignOpenCases",
        summary: "Move a departing official's open cases to another official or back to the queues (supervisors)",
        requestBody: jsonBody({ type: "object", properties: { to: { type: ["string", "null"] }, reason: { type: "string" } } }),
        responses: {
          "200": ok("What moved and what could not.", { type: "object", required: ["from", "to", "moved", "failed"], properties: { from: { type: "string" }, to: { type: ["string", "null"] }, moved: { type: "array" }, failed: { type: "array" } } }),
          ...problems(...WRITE, "auth.forbidden", "official.not_found", "assignment.target_invalid"),
        },
      },
    },
    "/units/merge": {
      post: {
        operationId: "mergeUnits",
        summary: "Merge communes into another unit of the province; their officials and open cases move (administrators)",
        requestBody: jsonBody({ type: "object", required: ["from", "into"], properties: { from: { type: "array", items: { type: "string" }, minItems: 1 }, into: { type: "string" } } }),
        responses: {
          "200": ok("The merge.", { type: "object", required: ["into", "merged"], properties: { into: { type: "string" }, merged: { type: "array", items: { type: "string" } }, officialsMoved: { type: "array" }, casesMoved: {} } }),
          ...problems(...WRITE, "auth.forbidden", "unit.not_found", "unit.merge_invalid", "unit.already_merged", "actor.unit_not_permitted"),
        },
      },
    },
    "/queue": {
      get: {
        operationId: "queue",
        summary: "Open cases of a unit by role queue and holder",
        parameters: [
          { name: "unit", in: "query", schema: { type: "string" } },
          { name: "role", in: "query", schema: { type: "string" } },
        ],
        responses: {
          "200": ok("The queue.", { type: "object", required: ["unit", "roles", "items", "holders"], properties: { unit: { type: "string" }, roles: { type: "array" }, items: { type: "array" }, holders: { type: "array" } } }),
          ...problems(...AUTH_ERRORS, "request.invalid", "auth.forbidden", "actor.unit_not_permitted"),
        },
      },
    },
    "/notices": {
      get: {
        operationId: "deadlineNotices",
        summary: "The latest deadline notices (due soon, overdue) of the units the caller sees",
        responses: {
          "200": ok("Up to 200 notices, newest first.", {
            type: "object",
            required: ["items"],
            properties: { items: { type: "array", items: { type: "object", properties: { caseId: { type: "string" }, unit: { type: "string" }, queue: { type: ["string", "null"] }, holder: { type: ["string", "null"] }, kind: { type: "string" }, dueAt: {}, at: {} } } } },
          }),
          ...problems(...AUTH_ERRORS),
        },
      },
    },
  },
};
