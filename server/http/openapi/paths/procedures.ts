// The procedure catalog: read, validate a draft, publish a new version.
import { AUTH_ERRORS, jsonBody, ok, param, problems, ref, type OpenapiArea } from "../types.js";

const versionQuery = { name: "version", in: "query", required: false, schema: { type: "integer", minimum: 1 }, description: "A published version; when absent, the version in force now (the one new dossiers are received under)." };

export const procedureArea: OpenapiArea = {
  tag: { name: "procedures", description: "The catalog of administrative procedures. A published version never changes; cases keep the version they were opened under." },
  schemas: {
    ProcedureSummary: {
      type: "object",
      required: ["id", "version", "title", "level", "publishedAt", "inForce", "inForceFrom"],
      properties: {
        id: { type: "string" },
        version: { type: "integer", description: "The version in force now; for a procedure not in force yet, its first upcoming version." },
        title: ref("LocalizedText"),
        level: { enum: ["province", "commune"] },
        publishedAt: { type: "string", format: "date-time" },
        inForce: { type: "boolean", description: "Whether new dossiers can be received under `version` now." },
        inForceFrom: { type: "string", format: "date-time" },
        upcoming: {
          type: "object",
          required: ["version", "inForceFrom"],
          description: "A later version published ahead of its effective date.",
          properties: { version: { type: "integer" }, inForceFrom: { type: "string", format: "date-time" } },
        },
      },
    },
    PublishedVersion: {
      type: "object",
      required: ["id", "version", "definition", "contentHash", "publishedAt", "publishedBy", "inForceFrom"],
      properties: {
        id: { type: "string" },
        version: { type: "integer", minimum: 1 },
        definition: ref("Procedure"),
        contentHash: { type: "string", pattern: "^[0-9a-f]{64}$" },
        publishedAt: { type: "string", format: "date-time" },
        publishedBy: { type: "string" },
        inForceFrom: { type: "string", format: "date-time", description: "From when new dossiers are received under this version: publication, or the start of its `effectiveFrom` date (calendar time zone) if later." },
      },
    },
    MigrationOutcome: {
      type: "object",
      required: ["procedureId", "fromVersion", "toVersion", "dryRun", "moved", "blocked"],
      properties: {
        procedureId: { type: "string" },
        fromVersion: { type: "integer" },
        toVersion: { type: "integer" },
        dryRun: { type: "boolean" },
        moved: { type: "array", items: { type: "object", required: ["id", "code", "state"], properties: { id: { type: "string" }, code: { type: "string" }, state: { type: "string" } } } },
        blocked: {
          type: "array",
          items: {
            type: "object",
            required: ["id", "code", "state", "reason", "detail"],
            properties: {
              id: { type: "string" },
              code: { type: "string" },
              state: { type: "string" },
              reason: { enum: ["migration.state_missing", "migration.data_invalid", "case.closed", "migration.invalid", "actor.unit_not_permitted", "actor.role_not_permitted"] },
              detail: { type: "string" },
              errors: { type: "array", items: ref("FieldError") },
            },
          },
        },
      },
    },
    PublishOutcome: {
      type: "object",
      required: ["id", "version", "created", "contentHash", "inForceFrom", "inForce"],
      properties: {
        id: { type: "string" }, version: { type: "integer" }, created: { type: "boolean" }, contentHash: { type: "string", pattern: "^[0-9a-f]{64}$" }, inForceFrom: { type: "string", format: "date-time" },
        inForce: { type: "boolean", description: "Whether the version receives dossiers now, by the server's clock (false: published ahead of inForceFrom)." },
      },
    },
  },
  paths: {
    "/procedures": {
      get: {
        operationId: "listProcedures",
        summary: "Every procedure at the version in force now, with any version published ahead of its date",
        responses: {
          "200": ok("The catalog.", { type: "object", required: ["items"], properties: { items: { type: "array", items: ref("ProcedureSummary") } } }),
          ...problems(...AUTH_ERRORS),
        },
      },
      post: {
        operationId: "publishProcedure",
        summary: "Publish a procedure version (administrators)",
        description:
          "The document must pass lint. Publishing content identical to a published version is a no-op (200, created: false); " +
          "other content under a published version number, or a version below the latest, is refused (409). " +
          "A version with `effectiveFrom` in the future is published now and receives dossiers from that date; until then intake keeps the version before it.",
        requestBody: jsonBody(ref("Procedure"), "A procedure file (`$schema` is an editor hint and is not stored)."),
        responses: {
          "201": ok("Published.", ref("PublishOutcome")),
          "200": ok("Already published with identical content.", ref("PublishOutcome")),
          ...problems(...AUTH_ERRORS, "auth.forbidden", "request.invalid", "request.too_large", "request.too_deep", "procedure.invalid", "procedure.version_exists"),
        },
      },
    },
    "/procedures/validate": {
      post: {
        operationId: "validateProcedure",
        summary: "Lint a draft procedure without publishing it",
        requestBody: jsonBody({ description: "A draft procedure document (any JSON: problems are reported as diagnostics)." }),
        responses: {
          "200": ok("Lint result; `valid` is false when any diagnostic is an error.", {
            type: "object",
            required: ["valid", "diagnostics"],
            properties: { valid: { type: "boolean" }, diagnostics: { type: "array", items: ref("Diagnostic") } },
          }),
          ...problems(...AUTH_ERRORS, "request.invalid", "request.too_large", "request.too_deep"),
        },
      },
    },
    "/procedures/{id}": {
      parameters: [param("ProcedureId")],
      get: {
        operationId: "getProcedure",
        summary: "The version in force now, or the one named by ?version=",
        parameters: [versionQuery],
        responses: { "200": ok("The published version.", ref("PublishedVersion")), ...problems(...AUTH_ERRORS, "request.invalid", "procedure.not_found") },
      },
    },
    "/procedures/{id}/migrate": {
      parameters: [param("ProcedureId")],
      post: {
        operationId: "migrateCases",
        summary: "Move the province's open cases to a newer version (administrators at a province)",
        description:
          "An explicit, audited decision: each case the newer version can carry on (its state exists there and is not final, its dossier satisfies the new form) " +
          "gets a `system:version-migration` audit entry naming both versions and the reason, keeping its appointment date; the others stay and are listed with why. " +
          "`dryRun: true` answers the same lists and writes nothing. The target version must be in force.",
        requestBody: jsonBody({
          type: "object",
          required: ["fromVersion", "toVersion", "reason"],
          properties: {
            fromVersion: { type: "integer", minimum: 1 },
            toVersion: { type: "integer", minimum: 1 },
            reason: { type: "string", minLength: 5, maxLength: 500, description: "Why, for the auditor who reads it later." },
            dryRun: { type: "boolean", default: false },
          },
        }),
        responses: {
          "200": ok("What was (or, with dryRun, would be) moved, and what stays.", ref("MigrationOutcome")),
          ...problems(...AUTH_ERRORS, "auth.forbidden", "request.invalid", "procedure.not_found", "procedure.not_in_force", "migration.invalid", "case.version_conflict"),
        },
      },
    },
    "/procedures/{id}/versions": {
      parameters: [param("ProcedureId")],
      get: {
        operationId: "listProcedureVersions",
        summary: "Every published version of a procedure",
        responses: {
          "200": ok("Versions, oldest first.", {
            type: "object",
            required: ["items"],
            properties: {
              items: {
                type: "array",
                items: {
                  type: "object",
                  required: ["version", "contentHash", "publishedAt", "publishedBy", "inForceFrom"],
                  properties: { version: { type: "integer" }, contentHash: { type: "string" }, publishedAt: { type: "string", format: "date-time" }, publishedBy: { type: "string" }, inForceFrom: { type: "string", format: "date-time" } },
                },
              },
            },
          }),
          ...problems(...AUTH_ERRORS, "procedure.not_found"),
        },
      },
    },
    "/procedures/{id}/versions/{version}": {
      parameters: [param("ProcedureId"), { name: "version", in: "path", required: true, schema: { type: "integer", minimum: 1 } }],
      get: {
        operationId: "getProcedureVersion",
        summary: "One published version of a procedure",
        responses: { "200": ok("The published version.", ref("PublishedVersion")), ...problems(...AUTH_ERRORS, "request.invalid", "procedure.not_found") },
      },
    },
  },
};
