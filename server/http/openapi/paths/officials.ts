// Officials' signing certificates (server/http/routes/officials.ts): administrators register a
// certificate to an account of their province; the verifier's report explains a refusal.
import { ERROR_CODES, type ErrorCode } from "../../../../engine/errors.js";
import { AUTH_ERRORS, jsonBody, ok, problems, type OpenapiArea } from "../types.js";

const official = { name: "id", in: "path", required: true, schema: { type: "string" }, description: "Official id, e.g. o-chutich." };
// Registration checks the certificate, not a signature: no timestamp is involved.
const signatureCodes = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((c) => c.startsWith("signature.") && !c.startsWith("signature.timestamp_"));

export const officialArea: OpenapiArea = {
  tag: { name: "officials", description: "Signing certificates registered to officials." },
  paths: {
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
