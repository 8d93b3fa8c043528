// Components shared by every area: the problem+json schema, the bearer scheme, the
// Idempotency-Key header, and the case, audit-entry and procedure shapes the API returns.
import procedureSchema from "../../../schemas/procedure.schema.json" with { type: "json" };
import { ERROR_CODES } from "../../../engine/errors.js";
import { DEFAULT_LEASE_MS, KEY_TTL_HOURS } from "../../cases/idempotency.js";
import { ref, type Json } from "./types.js";

const HEX64: Json = { type: "string", pattern: "^[0-9a-f]{64}$" };
const DATE_TIME: Json = { type: "string", format: "date-time" };

export const securitySchemes: Record<string, Json> = {
  bearer: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "A token from POST /auth/login (HS256, 8 hours), or, when the server is configured with an OpenID Connect issuer, " +
      "the issuer's access token (verified against its JWKS; the official is found by `preferred_username`). " +
      "Either way, the official's unit and roles are read from the server's database, never from the token.",
  },
};

export const parameters: Record<string, Json> = {
  IdempotencyKey: {
    name: "Idempotency-Key",
    in: "header",
    required: false,
    schema: { type: "string", minLength: 1, maxLength: 255 },
    description:
      "Makes a retried write safe (IETF httpapi Idempotency-Key draft). The first response for each (official, key) is stored " +
      `for ${KEY_TTL_HOURS} hours and replayed byte for byte, with \`Idempotent-Replayed: true\`. The same key with a different ` +
      "method, path or body is refused with 422 `idempotency.key_reused`; a retry while the first request is still running gets " +
      "409 `idempotency.in_progress` with Retry-After (if the process running it died, the key is free again within " +
      `${DEFAULT_LEASE_MS / 1000} seconds). ` +
      "A refused request (4xx) stores nothing, so the client may correct it and retry with the same key. " +
      "Use a new random key (e.g. a UUID) per intended action.",
  },
  CaseId: { name: "id", in: "path", required: true, schema: { type: "string" }, description: "The case id, or its dossier code (e.g. HS-260302-7K2M9Q)." },
  ProcedureId: { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$" }, description: "Procedure id, e.g. civil-status.birth-registration." },
};

export const headers: Record<string, Json> = {
  IdempotentReplayed: {
    description: "`true` when this response is the stored answer to an earlier request with the same Idempotency-Key.",
    schema: { type: "string", enum: ["true"] },
  },
};

/** The procedure file format, embedded as is: a JSON Schema 2020-12 resource with its own $id. */
const procedure: Json = procedureSchema as Json;

export const schemas: Record<string, Json> = {
  ErrorCode: { type: "string", enum: Object.keys(ERROR_CODES), description: "Stable, machine-readable error code; clients match on it, never on text." },
  FieldError: {
    type: "object",
    required: ["pointer", "rule", "message"],
    properties: {
      pointer: { type: "string", description: "RFC 6901 JSON pointer into the request: `/data/mother/personalId` for a body member (the missing member itself for `required`), `/query/limit` for a query parameter, `/path/version` for a path parameter, `` for the whole body." },
      rule: { type: "string", description: "The rule that failed (JSON Schema keyword such as required, pattern, type; or format, exists...)." },
      message: { type: "string" },
    },
  },
  Problem: {
    type: "object",
    description: "RFC 9457 problem details, served as application/problem+json. Extension members depend on the code: `currentVersion` (case.version_conflict), `diagnostics` (procedure.invalid), `report` (signature.*), `ocspFetchErrors` (signature.revocation_unknown: OCSP responders that did not answer), `retryAfterSeconds` (signature.timestamp_unavailable, service.unavailable), `guard` (action.guard_failed), `action`, `limit` and `used` (action.round_limit), `expression` and `at`, the rule's pointer in the procedure (expression.failed), `fields` and `possibleDuplicates` (case.possible_duplicate).",
    required: ["type", "title", "status", "code"],
    properties: {
      type: { type: "string", format: "uri-reference", description: "https://motcua.example/errors/<code>" },
      title: { type: "string" },
      status: { type: "integer", minimum: 400, maximum: 599 },
      detail: { type: "string" },
      instance: { type: "string", format: "uri-reference" },
      code: ref("ErrorCode"),
      errors: { type: "array", items: ref("FieldError") },
      currentVersion: { type: "integer", description: "case.version_conflict: the case's version now; re-read and retry." },
      diagnostics: { type: "array", items: ref("Diagnostic") },
      report: { type: "object", description: "signature.*: the verification report (indication PASSED/FAILED/INDETERMINATE with an ETSI EN 319 102-1 subIndication, and one result per check)." },
      ocspFetchErrors: { type: "array", items: { type: "string" }, description: "signature.revocation_unknown: the OCSP responders that could not be reached or answered unusably." },
      guard: { type: "string" },
      possibleDuplicates: { type: "array", items: ref("PossibleDuplicate"), description: "case.possible_duplicate: the cases that hold the same declared facts (`fields`)." },
    },
    additionalProperties: true,
  },
  LocalizedText: { type: "object", required: ["vi", "en"], properties: { vi: { type: "string" }, en: { type: "string" } } },
  Official: {
    type: "object",
    required: ["id", "username", "fullName", "unit", "province", "unitLevel", "roles", "active"],
    properties: {
      id: { type: "string" },
      username: { type: "string" },
      fullName: { type: "string" },
      unit: { type: "string", description: "Administrative unit code (commune or province)." },
      province: { type: "string" },
      unitLevel: { enum: ["province", "commune"] },
      roles: { type: "array", items: { type: "string" } },
      active: { type: "boolean" },
      certificates: { type: "array", items: HEX64, description: "SHA-256 fingerprints of the signing certificates registered to the official (GET /auth/me)." },
    },
  },
  CaseDocument: {
    type: "object",
    required: ["id", "name", "sha256"],
    properties: {
      id: { type: "string", description: "Document type id from the procedure's form.documents." },
      name: { type: "string", minLength: 1, maxLength: 200 },
      sha256: { ...HEX64, description: "Lower-case hex SHA-256 of the file; the file itself is stored elsewhere." },
    },
  },
  Case: {
    type: "object",
    required: ["id", "code", "procedureId", "procedureVersion", "unit", "province", "channel", "state", "data", "documents", "version", "seq", "auditHead", "receivedAt", "originalDueAt", "dueAt", "pausedAt", "pausedWorkingDays", "stateEnteredAt", "assignee", "closedAt", "outcome"],
    properties: {
      id: { type: "string" },
      code: { type: "string", description: "Dossier code printed on the receipt." },
      procedureId: { type: "string" },
      procedureVersion: { type: "integer", minimum: 1, description: "The version the case was opened under; it keeps it to the end." },
      unit: { type: "string" },
      province: { type: "string" },
      channel: { enum: ["counter", "online"] },
      state: { type: "string" },
      data: { type: "object", description: "The dossier's form data (the procedure's form.schema)." },
      documents: { type: "array", items: ref("CaseDocument") },
      version: { type: "integer", minimum: 1, description: "Optimistic-concurrency counter: send it back as expectedVersion." },
      seq: { type: "integer", minimum: 0 },
      auditHead: HEX64,
      receivedAt: DATE_TIME,
      originalDueAt: DATE_TIME,
      dueAt: DATE_TIME,
      pausedAt: { oneOf: [DATE_TIME, { type: "null" }] },
      pausedWorkingDays: { type: "integer", minimum: 0 },
      stateEnteredAt: DATE_TIME,
      assignee: { type: ["string", "null"] },
      closedAt: { oneOf: [DATE_TIME, { type: "null" }] },
      outcome: { enum: ["completed", "refused", "withdrawn", null] },
      register: { type: "object", required: ["book", "entry", "date"], properties: { book: { type: "string" }, entry: { type: "string" }, date: { type: "string", format: "date" } }, description: "The dossier's line in its register book, once recorded." },
      dueProvisional: {
        type: "boolean",
        description:
          "Present (true) when dueAt was computed past the working calendar's announced holiday schedule: it counts the statutory holidays only " +
          "and may move when the government announces that year's days off. Recorded when the due date is set; absent means false.",
      },
      extensions: {
        type: "array",
        description: "Lawful extensions of the due date, in the order granted: entering a state the procedure declares as extending (e.g. verification) moved dueAt by workingDays, for the reason given. Not lateness: a case returned by the extended date is on time.",
        items: {
          type: "object",
          required: ["state", "workingDays", "reason", "at", "fromDueAt", "toDueAt"],
          properties: {
            state: { type: "string" }, workingDays: { type: "integer", minimum: 1 }, reason: { type: "object", required: ["vi"], properties: { vi: { type: "string" }, en: { type: "string" } } },
            at: DATE_TIME, fromDueAt: DATE_TIME, toDueAt: DATE_TIME,
          },
        },
      },
      rounds: { type: "object", additionalProperties: { type: "integer", minimum: 1 }, description: "How many times each action with a round limit (maxRounds) was taken, by action id." },
      task: ref("CaseTask"),
      fee: {
        type: "object",
        description: "The fee computed at intake from the procedure's fee rule and the dossier (absent for a free procedure), recorded in the chain; payment is set by POST /cases/{id}/payment.",
        required: ["kind", "amount", "due"],
        properties: {
          kind: { enum: ["flat", "per-unit"] },
          amount: { type: "integer", minimum: 0, description: "VND before any exemption." },
          due: { type: "integer", minimum: 0, description: "VND the citizen owes after the exemption (0: nothing to pay)." },
          quantity: { type: "integer", minimum: 0, description: "The units (copies, pages) a per-unit fee was counted on." },
          exemption: { type: "object", required: ["reason", "percent"], properties: { reason: { type: "object", properties: { vi: { type: "string" }, en: { type: "string" } } }, percent: { type: "integer", minimum: 1, maximum: 100 } } },
          payment: {
            type: "object",
            required: ["at", "method", "receipt", "by"],
            properties: {
              at: DATE_TIME, method: { enum: ["cash", "online"] }, reference: { type: "string", description: "The portal's payment reference (online)." },
              receipt: { type: "string", pattern: "^[0-9]{4}/[0-9]{6,}$", description: "Receipt number, unique and gap-free per unit and year." }, by: { type: "string" },
            },
          },
        },
      },
      parts: { type: "array", items: ref("PartRecord"), description: "An interconnected submission: the cases of the linked procedures it opened, with each one's outcome once it closed (recorded in this case's chain)." },
      parent: {
        type: "object",
        required: ["caseId", "code", "unit", "part"],
        properties: { caseId: { type: "string" }, code: { type: "string" }, unit: { type: "string" }, part: { type: "string" } },
        description: "A part of an interconnected submission: the case that opened it (not visible to this unit's officials).",
      },
      applicant: ref("Applicant"),
    },
  },
  Applicant: {
    type: "object",
    additionalProperties: false,
    required: ["personalId", "fullName"],
    description:
      "The citizen the dossier is for, given at intake (optional): who is told of its progress and whose dossiers a signed-in citizen sees. " +
      "A member of the case, covered by its hash chain; shown only to officials with jurisdiction over the case. " +
      "Each invalid member is a 400 data.invalid naming it (/applicant/phone ...).",
    properties: {
      personalId: { type: "string", pattern: "^[0-9]{12}$", description: "Số định danh cá nhân (the 12-digit personal identification number)." },
      fullName: { type: "string", minLength: 1, maxLength: 200, description: "Stored in Unicode NFC with runs of spaces collapsed." },
      phone: { type: "string", pattern: "^(0|\\+84)[0-9]{9,10}$", description: "A Vietnamese number; spaces, dots and dashes are removed on intake. Required when preferredChannel is sms or zalo." },
      email: { type: "string", format: "email", maxLength: 254, description: "Required when preferredChannel is email." },
      preferredChannel: { enum: ["email", "sms", "zalo"], description: "How the citizen wants notices." },
      language: { enum: ["vi", "en"], description: "The language of notices and of the tracking page's default." },
    },
  },
  PartRecord: {
    type: "object",
    required: ["part", "caseId", "code", "procedureId", "unit", "outcome", "closedAt"],
    properties: {
      part: { type: "string", description: "The part's id in the parent procedure's `linked.parts`." },
      caseId: { type: "string" },
      code: { type: "string" },
      procedureId: { type: "string" },
      unit: { type: "string", description: "The unit or agency that owns the part." },
      mayFail: { type: "boolean", description: "The parent may complete when this part is refused or withdrawn." },
      outcome: { enum: ["completed", "refused", "withdrawn", null] },
      closedAt: { oneOf: [DATE_TIME, { type: "null" }] },
      state: { type: "string", description: "In the parent's view only: the part's state now." },
      dueAt: { ...DATE_TIME, description: "In the parent's view only: the part's own due date." },
    },
  },
  CaseTask: {
    type: "object",
    description: "Present while the case is in a state its procedure gives to another unit (`unitTask`): that unit's officials of `role` answer it; the case stays owned by `unit` of the case.",
    required: ["state", "unit", "role", "assignedAt", "dueAt"],
    properties: {
      state: { type: "string" },
      unit: { type: "string", description: "The unit asked (resolved when the case entered the state)." },
      role: { type: "string" },
      assignedAt: DATE_TIME,
      dueAt: { ...DATE_TIME, description: "The task's own deadline, in working days from assignedAt." },
      request: { description: "The data of the action that asked (what to verify)." },
    },
  },
  TaskView: {
    type: "object",
    description: "What an official of the unit a task was asked of sees of the case while the task is open: only the fields and documents the procedure declares (`unitTask.shows`). Once the task is answered the case is not found for them.",
    required: ["id", "code", "procedureId", "procedureVersion", "unit", "state", "version", "task", "dueAt", "data", "documents", "partial"],
    properties: {
      id: { type: "string" },
      code: { type: "string" },
      procedureId: { type: "string" },
      procedureVersion: { type: "integer", minimum: 1 },
      unit: { type: "string", description: "The unit that owns the case." },
      state: { type: "string" },
      version: { type: "integer", minimum: 1 },
      task: ref("CaseTask"),
      dueAt: { ...DATE_TIME, description: "The task's deadline." },
      pausedAt: { type: "null" },
      closedAt: { type: "null" },
      data: { type: "object", description: "The declared fields only." },
      documents: { type: "array", items: ref("CaseDocument") },
      partial: { const: true },
    },
  },
  AnsweredCase: {
    type: "object",
    description: "The answer to the unit that answered a task: where the case went, nothing of its dossier.",
    required: ["id", "code", "procedureId", "procedureVersion", "unit", "state", "version", "partial"],
    properties: {
      id: { type: "string" }, code: { type: "string" }, procedureId: { type: "string" }, procedureVersion: { type: "integer" },
      unit: { type: "string" }, state: { type: "string" }, version: { type: "integer" }, partial: { const: true },
    },
  },
  CalendarCoverage: {
    type: "object",
    description: "How far the working-day calendar (CALENDAR_FILE) answers today. The server refuses to start outside its coverage and warns from 60 days before the coverage or the announced schedule ends.",
    required: ["calendar", "today", "from", "to", "announcedThrough", "status", "daysLeft", "warnings"],
    properties: {
      calendar: { type: "string", description: "The calendar's id, e.g. VN." },
      today: { type: "string", format: "date", description: "Today in the calendar's time zone." },
      from: { type: "string", format: "date" },
      to: { type: "string", format: "date", description: "Last date covered." },
      announcedThrough: { type: "string", format: "date", description: "Last date of the announced holiday schedule; due dates after it are provisional." },
      status: { enum: ["ok", "ending", "expired", "not-yet"], description: "ending: within 60 days of `to`; expired / not-yet: today is outside the coverage (a running server keeps going; it will not start again on this file)." },
      daysLeft: { type: "integer", description: "Days from today to `to` (0 on its last day)." },
      warnings: {
        type: "array",
        items: {
          type: "object",
          required: ["code", "date", "days", "message"],
          properties: {
            code: { enum: ["calendar.coverage_ending", "calendar.announced_ending", "calendar.announced_ended"] },
            date: { type: "string", format: "date" },
            days: { type: "integer", description: "Days from today to `date` (negative once past)." },
            message: { type: "string" },
          },
        },
      },
    },
  },
  AuditEntry: {
    type: "object",
    description:
      "One link of the case's hash chain. Scheme 2 (current): hash = SHA-256(prevHash || canonical JSON (RFC 8785) of the header {v, caseId, seq, prevHash, at, action, procedure, stateHash, signed?, body}), where body is the SHA-256 of the canonical JSON of every other member. Scheme 1 (entries before December 2026): hash = SHA-256(prevHash || canonical JSON of the entry without `hash`).",
    required: ["v", "caseId", "seq", "prevHash", "at", "actor", "action", "from", "to", "procedure", "caseVersion", "dossierHash", "dueAt", "hash"],
    properties: {
      v: { enum: [1, 2] },
      caseId: { type: "string" },
      seq: { type: "integer", minimum: 0 },
      prevHash: HEX64,
      at: DATE_TIME,
      actor: { type: "object", required: ["id", "unit", "role"], properties: { id: { type: "string" }, unit: { type: "string" }, role: { type: "string" } } },
      action: { type: "string" },
      from: { type: ["string", "null"] },
      to: { type: "string" },
      procedure: { type: "string", description: "id@version" },
      caseVersion: { type: "integer" },
      input: { description: "The action's own data as submitted." },
      dossierHash: HEX64,
      dueAt: DATE_TIME,
      signature: { type: "object", description: "Signature evidence: submission, verified chain, CRLs, signer certificate info, algorithm, payload digest; when used, `ocsp` (base64 DER responses), `certificates` (e.g. a CRL signer after a CA key rollover) and `timestamp` (the RFC 3161 token over the signature value with the TSA's chain and revocation data)." },
      signedPayload: ref("SigningPayload"),
      stateHash: { ...HEX64, description: "Scheme 2: SHA-256 of the case after the step (all members but seq and auditHead; null or false members left out)." },
      changes: { type: "array", items: { type: "object", required: ["op", "path"] }, description: "Scheme 2: RFC 6902 JSON Patch from the case before the step to the case after it (the intake entry replaces the whole document)." },
      effects: {
        type: "array",
        description: "Scheme 2: rows the step's commit wrote beside the case: register lines by key, outbox messages by id and payload hash.",
        items: { type: "object", required: ["type"], properties: { type: { enum: ["register", "outbox"] } } },
      },
      hash: HEX64,
    },
  },
  SigningPayload: {
    type: "object",
    required: ["v", "purpose", "caseId", "caseCode", "procedure", "action", "auditHead", "seq"],
    properties: {
      v: { const: 1 },
      purpose: { const: "motcua.signature-checkpoint" },
      caseId: { type: "string" },
      caseCode: { type: "string" },
      procedure: { type: "string" },
      action: { type: "string" },
      auditHead: HEX64,
      seq: { type: "integer" },
      dataHash: HEX64,
      documents: { type: "array", items: { type: "object", required: ["id", "sha256"], properties: { id: { type: "string" }, sha256: HEX64 } } },
      facts: { type: "object", additionalProperties: { type: "string" }, description: "The result's public facts as the checkpoint declares them (shown by the public result check), by id." },
    },
  },
  SignatureSubmission: {
    oneOf: [
      {
        type: "object",
        title: "Detached JWS",
        required: ["format", "jws"],
        properties: {
          format: { const: "jws" },
          jws: { type: "string", description: "Detached compact JWS (RFC 7515 appendix F) over the canonical signing payload, certificate chain in x5c." },
          ocsp: { type: "array", maxItems: 8, items: { type: "string" }, description: "OCSP responses (RFC 6960, base64 DER) the signing tool stapled; revocation evidence like the ones the server fetches from the responders the certificates name." },
        },
      },
      {
        type: "object",
        title: "Raw signature",
        required: ["format", "signature", "certificate"],
        properties: {
          format: { const: "raw" },
          signature: { type: "string", description: "Base64 signature as made by `openssl dgst -sha256 -sign` over the canonical payload." },
          certificate: { type: "string", description: "Signer certificate, PEM." },
          chain: { type: "array", items: { type: "string" }, description: "Intermediate certificates, PEM, issuer first." },
          ocsp: { type: "array", maxItems: 8, items: { type: "string" }, description: "OCSP responses (RFC 6960, base64 DER) the signing tool stapled; revocation evidence like the ones the server fetches from the responders the certificates name." },
        },
      },
    ],
  },
  Diagnostic: {
    type: "object",
    required: ["code", "severity", "message", "pointer"],
    properties: {
      code: { type: "string", description: "Stable lint code, e.g. state.unknown, deadline.missing, schema.required." },
      severity: { enum: ["error", "warning"] },
      message: { type: "string", description: "English text." },
      params: { type: "object", additionalProperties: { type: ["string", "integer"] }, description: "The values in the message (role, state, action, property...), for clients that word the code in another language." },
      pointer: { type: "string", description: "RFC 6901 JSON pointer into the procedure document." },
    },
  },
  Procedure: procedure,
};
