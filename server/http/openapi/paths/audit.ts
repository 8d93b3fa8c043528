// The auditor's read-only API (server/http/routes/audit.ts): history with evidence, verification,
// search, evidence bundles, checkpoints and RFC 9162 proofs. Auditors only.
import { AUTH_ERRORS, ok, param, problems, ref, type OpenapiArea } from "../types.js";

const ERRORS = [...AUTH_ERRORS, "auth.forbidden"] as const;
const intQuery = (name: string, minimum: number, description: string) => ({ name, in: "query", required: true, schema: { type: "integer", minimum }, description });
const hexList = { type: "array", items: { type: "string", pattern: "^[0-9a-f]{64}$" } };
const purpose = { name: "purpose", in: "query", schema: { type: "string", maxLength: 500 }, description: "Why the auditor reads (e.g. an inspection's reference); kept in the read record." };
const checkItem = {
  type: "object",
  required: ["check", "ok", "detail", "reason"],
  properties: { check: { enum: ["hash", "link", "state", "row", "seal", "signature", "inclusion"] }, ok: { type: "boolean" }, pending: { type: "boolean" }, detail: { type: "string" }, reason: { type: "string" }, params: { type: "object" } },
};
const recordResult = {
  type: "object",
  required: ["stream", "seq", "action", "at", "ok", "checks"],
  properties: { stream: { type: "string" }, seq: { type: "integer" }, action: { type: "string" }, at: { type: "string" }, ok: { type: "boolean" }, checks: { type: "array", items: checkItem } },
};
const readSummary = {
  type: "object",
  required: ["stream", "actorId", "at", "route", "purpose", "cases"],
  properties: {
    stream: { type: "string", description: "read:<id>, the record's stream in the registry and the log." },
    actorId: { type: "string" },
    at: { type: "string", format: "date-time" },
    route: { type: ["string", "null"], description: "e.g. GET /cases/{id}" },
    purpose: { type: ["string", "null"] },
    cases: { type: "integer", description: "How many dossiers the read returned." },
  },
};
const sealedRecord = {
  type: "object",
  required: ["entry", "seal", "logIndex", "inclusionProof", "row"],
  properties: { entry: { type: "object" }, seal: { type: ["string", "null"] }, logIndex: { type: ["integer", "null"] }, inclusionProof: { oneOf: [hexList, { type: "null" }] }, row: { type: "object" }, logged: { oneOf: [{ type: "object" }, { type: "null" }] } },
};

export const auditArea: OpenapiArea = {
  tag: { name: "audit", description: "For auditors (role `auditor`): case histories with their evidence, offline-verifiable bundles, and the global Merkle log (RFC 9162) with signed checkpoints (C2SP signed note)." },
  schemas: {
    SealedEntry: {
      type: "object",
      required: ["entry", "seal", "logIndex"],
      properties: {
        entry: ref("AuditEntry"),
        seal: { type: ["string", "null"], description: "Base64 Ed25519 seal of the server over (stream, seq, hash)." },
        logIndex: { type: ["integer", "null"], description: "Position in the global log; null until sequenced." },
        inclusionProof: { oneOf: [hexList, { type: "null" }] },
        row: { type: "object", description: "The audit_entries row's own columns (copies of the sealed entry kept for searching), as the database holds them." },
      },
    },
    EvidenceBundle: {
      type: "object",
      description: "Everything needed to check one case offline, rows as the database holds them: the verifier checks each against the chain.",
      required: ["format", "exportedAt", "case", "caseRow", "procedure", "entries", "registerEntries", "outbox", "reads", "logged", "checkpoint", "logKey"],
      properties: {
        format: { const: "motcua.evidence-bundle/v2" },
        exportedAt: { type: "string", format: "date-time" },
        case: ref("Case"),
        caseRow: { type: "object", required: ["originalUnit", "ownerRole"], properties: { originalUnit: { type: "string" }, ownerRole: { type: ["string", "null"] }, feeDue: { type: ["integer", "null"], description: "cases.fee_due: the fee due in VND, following from case.fee" }, feeCollected: { type: ["integer", "null"], description: "cases.fee_collected: the same amount once paid" } } },
        procedure: {
          type: "object",
          required: ["id", "version", "definition", "publication"],
          properties: { id: { type: "string" }, version: { type: "integer" }, definition: ref("Procedure"), publication: { oneOf: [sealedRecord, { type: "null" }] } },
        },
        entries: { type: "array", items: ref("SealedEntry") },
        registerEntries: { type: "array", items: { type: "object" }, description: "The register lines naming the case." },
        outbox: { type: "array", items: { type: "object" }, description: "The outbox messages of the case." },
        reads: { type: "array", items: sealedRecord, description: "The sealed records of reads of the case's personal data." },
        logged: { type: "array", items: { type: "object", required: ["seq", "index", "leafHash", "inclusionProof"], properties: { seq: { type: "integer" }, index: { type: "integer" }, leafHash: { type: "string" }, inclusionProof: hexList } } },
        checkpoint: { oneOf: [{ type: "object", required: ["note"], properties: { note: { type: "string" } } }, { type: "null" }] },
        logKey: { type: "object", required: ["name", "publicKeyPem"], properties: { name: { type: "string" }, publicKeyPem: { type: "string" } } },
      },
    },
    Finding: {
      type: "object",
      required: ["reason"],
      description: "What a check found as a stable code (e.g. hash.changed, link.broken, seal.missing, case.entry-missing) with its values, for clients that word it in their own language; `detail` carries the English text.",
      properties: { reason: { type: "string" }, params: { type: "object", additionalProperties: { type: ["string", "integer"] } }, detail: { type: "string" } },
    },
    BundleReport: {
      type: "object",
      required: ["ok", "checkpoint", "entries", "reads", "procedure", "problems", "findings"],
      properties: {
        ok: { type: "boolean" },
        checkpoint: {
          type: "object",
          required: ["ok", "detail", "reason"],
          properties: { ok: { type: "boolean" }, size: { type: "integer" }, rootHash: { type: "string" }, detail: { type: "string" }, reason: { type: "string" }, params: { type: "object" } },
        },
        entries: {
          type: "array",
          items: {
            type: "object",
            required: ["seq", "action", "ok", "checks"],
            properties: {
              seq: { type: "integer" },
              action: { type: "string" },
              ok: { type: "boolean" },
              checks: { type: "array", items: checkItem },
            },
          },
        },
        reads: { type: "array", items: recordResult, description: "Each read record of the case, checked like an entry." },
        procedure: { oneOf: [recordResult, { type: "null" }], description: "The publication of the case's procedure version." },
        problems: { type: "array", items: { type: "string" }, description: "Problems not attached to a present entry, in English." },
        findings: { type: "array", items: ref("Finding"), description: "The same problems as codes, in the same order." },
        firstFailure: { type: "string" },
      },
    },
    Checkpoint: { type: "object", required: ["size", "note"], properties: { size: { type: "integer" }, rootHash: { type: "string" }, note: { type: "string", description: "C2SP signed note." } } },
  },
  paths: {
    "/audit/cases/{id}": {
      parameters: [param("CaseId")],
      get: {
        operationId: "auditCase",
        summary: "A case's history with seals and log positions, and who read its personal data (this read is recorded too)",
        parameters: [purpose],
        responses: {
          "200": ok("The case under audit.", {
            type: "object",
            required: ["case", "procedure", "entries", "reads"],
            properties: {
              case: ref("Case"),
              procedure: { type: "object", properties: { id: { type: "string" }, version: { type: "integer" } } },
              entries: { type: "array", items: ref("SealedEntry") },
              reads: { type: "array", items: readSummary },
            },
          }),
          ...problems(...ERRORS, "case.not_found", "request.invalid"),
        },
      },
    },
    "/audit/cases/{id}/reads": {
      parameters: [param("CaseId")],
      get: {
        operationId: "caseReads",
        summary: "Who read the case's personal data: every read record, checked (hash, seal, place in the log)",
        responses: {
          "200": ok("The read records, oldest first.", {
            type: "object",
            required: ["items"],
            properties: { items: { type: "array", items: { ...readSummary, required: [...readSummary.required, "ok", "checks"], properties: { ...readSummary.properties, ok: { type: "boolean" }, checks: { type: "array", items: checkItem } } } } },
          }),
          ...problems(...ERRORS, "case.not_found"),
        },
      },
    },
    "/audit/log/verify": {
      post: {
        operationId: "verifyLog",
        summary: "Recheck the whole log against the rows it was built from (a record deleted after it was logged, a rewritten leaf, a checkpoint row that differs from its note)",
        responses: {
          "200": ok("The log's verification.", {
            type: "object",
            required: ["ok", "size", "checkpoints", "findings"],
            properties: { ok: { type: "boolean" }, size: { type: "integer" }, checkpoints: { type: "integer" }, findings: { type: "array", items: ref("Finding") } },
          }),
          ...problems(...ERRORS),
        },
      },
    },
    "/audit/cases/{id}/verify": {
      parameters: [param("CaseId")],
      post: {
        operationId: "verifyCase",
        summary: "Recheck every hash, link, seal, signature and log inclusion of a case",
        responses: { "200": ok("The verification report (ok is false on any failure; pending is not a failure).", ref("BundleReport")), ...problems(...ERRORS, "case.not_found") },
      },
    },
    "/audit/cases/{id}/bundle": {
      parameters: [param("CaseId")],
      get: {
        operationId: "caseBundle",
        summary: "An evidence bundle to verify offline (`motcua audit verify`); the read is recorded",
        parameters: [purpose],
        responses: { "200": ok("The bundle, as an attachment.", ref("EvidenceBundle")), ...problems(...ERRORS, "case.not_found", "request.invalid") },
      },
    },
    "/audit/entries": {
      get: {
        operationId: "searchEntries",
        summary: "Search audit entries of the units the auditor may see, newest first",
        parameters: [
          { name: "unit", in: "query", schema: { type: "string" } },
          { name: "official", in: "query", schema: { type: "string" }, description: "Actor id." },
          { name: "procedure", in: "query", schema: { type: "string" }, description: "Procedure id (any version)." },
          { name: "action", in: "query", schema: { type: "string" } },
          { name: "from", in: "query", schema: { type: "string", format: "date-time" }, description: "Inclusive." },
          { name: "to", in: "query", schema: { type: "string", format: "date-time" }, description: "Exclusive." },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 } },
          purpose,
        ],
        responses: {
          "200": ok("Matching entries.", {
            type: "object",
            required: ["items"],
            properties: { items: { type: "array", items: { type: "object", required: ["caseId", "caseCode", "seq", "logIndex", "entry"], properties: { caseId: { type: "string" }, caseCode: { type: ["string", "null"] }, seq: { type: "integer" }, logIndex: { type: ["integer", "null"] }, entry: ref("AuditEntry") } } } },
          }),
          ...problems(...ERRORS, "request.invalid"),
        },
      },
    },
    "/audit/registry/{stream}": {
      parameters: [{ name: "stream", in: "path", required: true, schema: { type: "string" }, description: "e.g. procedure:civil-status.birth-registration, official:o-chutich" }],
      get: {
        operationId: "registryStream",
        summary: "A registry stream (procedure publications, certificate registrations), chained and sealed",
        responses: {
          "200": ok("The stream's entries in order.", { type: "object", required: ["items"], properties: { items: { type: "array", items: { type: "object", required: ["entry", "seal", "logIndex"], properties: { entry: { type: "object" }, seal: { type: "string" }, logIndex: { type: ["integer", "null"] } } } } } }),
          ...problems(...ERRORS),
        },
      },
    },
    "/audit/checkpoints/latest": {
      get: {
        operationId: "latestCheckpoint",
        summary: "The latest signed checkpoint of the global log",
        responses: { "200": ok("The checkpoint.", ref("Checkpoint")), ...problems(...ERRORS, "request.not_found") },
      },
    },
    "/audit/checkpoints": {
      post: {
        operationId: "publishCheckpoint",
        summary: "Sequence pending records and sign a checkpoint now",
        responses: { "201": ok("The newest checkpoint (null while the log is empty).", { oneOf: [ref("Checkpoint"), { type: "null" }] }), ...problems(...ERRORS) },
      },
    },
    "/audit/log-key": {
      get: {
        operationId: "logKey",
        summary: "The log's public key (verify it out of band before trusting it)",
        responses: { "200": ok("The key.", { type: "object", required: ["name", "publicKeyPem"], properties: { name: { type: "string" }, publicKeyPem: { type: "string" } } }), ...problems(...ERRORS) },
      },
    },
    "/audit/proofs/inclusion": {
      get: {
        operationId: "inclusionProof",
        summary: "RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves",
        parameters: [intQuery("index", 0, "Leaf index."), intQuery("size", 1, "Tree size (at most the log's size).")],
        responses: { "200": ok("The proof.", { type: "object", required: ["index", "size", "proof"], properties: { index: { type: "integer" }, size: { type: "integer" }, proof: hexList } }), ...problems(...ERRORS, "request.invalid") },
      },
    },
    "/audit/proofs/consistency": {
      get: {
        operationId: "consistencyProof",
        summary: "RFC 9162 consistency proof between two tree sizes",
        parameters: [intQuery("from", 1, "Older tree size."), intQuery("to", 1, "Newer tree size.")],
        responses: { "200": ok("The proof.", { type: "object", required: ["from", "to", "proof"], properties: { from: { type: "integer" }, to: { type: "integer" }, proof: hexList } }), ...problems(...ERRORS, "request.invalid") },
      },
    },
  },
};
