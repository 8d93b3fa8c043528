// Officials (server/http/routes/officials.ts): a province's administrators list, create, edit,
// deactivate and reactivate its officials and set their roles, each change a registry entry;
// they register signing certificates to accounts, the verifier's report explaining a refusal.
import { ERROR_CODES, type ErrorCode } from "../../../../engine/errors.js";
import { AUTH_ERRORS, jsonBody, ok, problems, type OpenapiArea } from "../types.js";

const official = { name: "id", in: "path", required: true, schema: { type: "string" }, description: "Official id, e.g. o-chutich." };
// Registration checks the certificate, not a signature: no timestamp is involved.
const signatureCodes = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((c) => c.startsWith("signature.") && !c.startsWith("signature.timestamp_"));

const officialSchema = {
  type: "object",
  required: ["id", "username", "fullName", "unit", "province", "roles", "active"],
  properties: {
    id: { type: "string" }, username: { type: "string" }, fullName: { type: "string" }, unit: { type: "string" }, province: { type: "string" },
    unitLevel: { enum: ["province", "commune"] }, roles: { type: "array", items: { type: "string" } }, active: { type: "boolean" },
  },
};
const listItem = {
  type: "object",
  required: ["id", "username", "fullName", "unit", "roles", "active", "openCases"],
  properties: {
    id: { type: "string" }, username: { type: "string" }, fullName: { type: "string" }, unit: { type: "string" }, roles: { type: "array", items: { type: "string" } },
    active: { type: "boolean" }, deactivatedAt: { type: ["string", "null"], format: "date-time" }, deactivationReason: { type: ["string", "null"] },
    openCases: { type: "integer", minimum: 0, description: "Open cases the official holds now." },
  },
};
const caseRef = { type: "object", required: ["id", "code"], properties: { id: { type: "string" }, code: { type: "string" }, assignee: { type: ["string", "null"] } } };
const importAnswer = {
  type: "object",
  required: ["dryRun", "ok", "rows", "created"],
  properties: {
    dryRun: { type: "boolean" },
    ok: { type: "boolean" },
    rows: { type: "array", items: { type: "object", required: ["row", "username", "problems"], properties: { row: { type: "integer" }, username: { type: "string" }, problems: { type: "array" } } } },
    created: { type: "array", items: { type: "object", required: ["official", "initialPassword"], properties: { official: officialSchema, initialPassword: { type: "string" } } } },
  },
};
const WRITE_ERRORS = [...AUTH_ERRORS, "auth.forbidden", "request.invalid", "request.too_large", "request.too_deep", "request.not_found"] as const;

export const officialArea: OpenapiArea = {
  tag: { name: "officials", description: "A province's officials, their roles and signing certificates." },
  paths: {
    "/officials": {
      get: {
        operationId: "listOfficials",
        summary: "Officials of the caller's province (administrators and auditors), searched by name or username without accents",
        parameters: [
          { name: "q", in: "query", schema: { type: "string", maxLength: 100 }, description: "Words of the name or username, each matched without accents or case." },
          { name: "unit", in: "query", schema: { type: "string" } },
          { name: "active", in: "query", schema: { enum: ["true", "false"] } },
        ],
        responses: {
          "200": ok("At most 200, by unit and name.", { type: "object", required: ["items"], properties: { items: { type: "array", items: listItem } } }),
          ...problems(...AUTH_ERRORS, "auth.forbidden", "request.invalid"),
        },
      },
      post: {
        operationId: "createOfficial",
        summary: "Create an official of the province (administrators); the initial password is answered this once",
        requestBody: jsonBody({
          type: "object",
          required: ["username", "fullName", "unit", "roles"],
          properties: {
            username: { type: "string", pattern: "^[a-z][a-z0-9._-]{2,39}$" }, fullName: { type: "string", minLength: 1, maxLength: 200 },
            unit: { type: "string", description: "A unit of the administrator's province, not merged away." },
            roles: { type: "array", minItems: 1, items: { type: "string", pattern: "^[a-z][a-z0-9-]*$" } },
          },
        }),
        responses: {
          "201": ok("Created; id is o-<username>.", { type: "object", required: ["official", "initialPassword"], properties: { official: officialSchema, initialPassword: { type: "string" } } }),
          ...problems(...WRITE_ERRORS, "official.username_taken"),
        },
      },
    },
    "/officials/import": {
      post: {
        operationId: "importOfficials",
        summary: "Create officials from a spreadsheet export (administrators): all rows or none; a dry run reports every row",
        description:
          "CSV with the header username,fullName,unit,roles (roles separated by spaces; ',' or ';' between fields; a byte-order mark is fine), at most 500 rows. " +
          "Problems are named at /rows/<n>/<column>, n counting data rows from 1. With any problem nothing is created (400 listing them all).",
        requestBody: jsonBody({ type: "object", required: ["csv"], properties: { csv: { type: "string" }, dryRun: { type: "boolean", default: false } } }),
        responses: {
          "200": ok("The dry run's report.", importAnswer),
          "201": ok("Created, with each initial password.", importAnswer),
          ...problems(...WRITE_ERRORS, "official.username_taken"),
        },
      },
    },
    "/officials/{id}": {
      parameters: [official],
      patch: {
        operationId: "updateOfficial",
        summary: "Rename an official or move them to another unit of the province (administrators)",
        requestBody: jsonBody({ type: "object", additionalProperties: false, properties: { fullName: { type: "string", minLength: 1, maxLength: 200 }, unit: { type: "string" } } }),
        responses: { "200": ok("The official.", { type: "object", required: ["official"], properties: { official: officialSchema } }), ...problems(...WRITE_ERRORS) },
      },
    },
    "/officials/{id}/deactivate": {
      parameters: [official],
      post: {
        operationId: "deactivateOfficial",
        summary: "Deactivate an official with a reason (administrators): their token is refused at once, the cases they held go back to their queues",
        requestBody: jsonBody({ type: "object", required: ["reason"], properties: { reason: { type: "string", minLength: 5, maxLength: 500 } } }),
        responses: {
          "200": ok("Deactivated; the cases released, and any that could not be.", {
            type: "object",
            required: ["official", "released", "notReleased"],
            properties: { official: officialSchema, released: { type: "array", items: caseRef }, notReleased: { type: "array", items: caseRef } },
          }),
          ...problems(...WRITE_ERRORS, "official.self", "official.inactive"),
        },
      },
    },
    "/officials/{id}/reactivate": {
      parameters: [official],
      post: {
        operationId: "reactivateOfficial",
        summary: "Reactivate a deactivated official (administrators)",
        responses: { "200": ok("The official.", { type: "object", required: ["official"], properties: { official: officialSchema } }), ...problems(...WRITE_ERRORS, "official.active") },
      },
    },
    "/officials/{id}/roles": {
      parameters: [official],
      put: {
        operationId: "setOfficialRoles",
        summary: "Replace an official's roles (administrators of the province); recorded as a sealed registry entry",
        requestBody: jsonBody({ type: "object", required: ["roles"], properties: { roles: { type: "array", minItems: 1, items: { type: "string", pattern: "^[a-z][a-z0-9-]*$" } } } }),
        responses: {
          "200": ok("The new roles.", { type: "object", required: ["id", "roles"], properties: { id: { type: "string" }, roles: { type: "array", items: { type: "string" } } } }),
          ...problems(...AUTH_ERRORS, "auth.forbidden", "request.invalid", "request.not_found"),
        },
      },
    },
    "/officials/{id}/certificates/{fingerprint}/unregister": {
      parameters: [official, { name: "fingerprint", in: "path", required: true, schema: { type: "string" }, description: "SHA-256 fingerprint of the certificate, as listed." }],
      post: {
        operationId: "unregisterCertificate",
        summary: "Unregister a certificate from an official (administrators): it signs nothing for them from the next request on",
        description: "Signatures made with it before stay valid evidence. A sealed registry entry (certificate.unregister) with the reason.",
        requestBody: jsonBody({ type: "object", required: ["reason"], properties: { reason: { type: "string", minLength: 5, maxLength: 500 } } }),
        responses: {
          "200": ok("Unregistered.", { type: "object", required: ["fingerprint", "unregisteredAt"], properties: { fingerprint: { type: "string" }, unregisteredAt: { type: "string", format: "date-time" } } }),
          ...problems(...WRITE_ERRORS),
        },
      },
    },
    "/officials/{id}/certificates": {
      parameters: [official],
      get: {
        operationId: "listCertificates",
        summary: "Certificates registered to an official (administrators and auditors of the province)",
        responses: {
          "200": ok("The certificates.", {
            type: "object",
            required: ["items"],
            properties: { items: { type: "array", items: { type: "object", required: ["fingerprint", "subject"], properties: { fingerprint: { type: "string" }, subject: { type: "string" }, not_after: {}, registered_at: {}, unregistered_at: {} } } } },
          }),
          ...problems(...AUTH_ERRORS, "auth.forbidden", "request.not_found"),
        },
      },
      post: {
        operationId: "registerCertificate",
        summary: "Register a signing certificate to an official (administrators)",
        description: "Refused unless the certificate chains to a trust anchor, is valid now, is not revoked and allows digital signatures.",
        requestBody: jsonBody({ type: "object", required: ["certificate"], properties: { certificate: { type: "string", description: "PEM certificate." } } }),
        responses: {
          "201": ok("Registered.", { type: "object", required: ["fingerprint", "subject", "notAfter"], properties: { fingerprint: { type: "string" }, subject: { type: "string" }, notAfter: { type: "string" }, registeredBy: { type: "string" }, report: { type: "object" } } }),
          ...problems(...AUTH_ERRORS, "auth.forbidden", "request.not_found", "request.invalid", "request.too_large", "request.too_deep", ...signatureCodes),
        },
      },
    },
  },
};
