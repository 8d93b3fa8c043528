// Cases: intake, the inbox, one case with the actions the caller may take, actions, history, and
// the payload an official signs at a signature checkpoint.
import { ERROR_CODES, type ErrorCode } from "../../../../engine/errors.js";
import { AUTH_ERRORS, jsonBody, ok, param, problems, ref, type OpenapiArea } from "../types.js";

const codesStartingWith = (...prefixes: string[]) => (Object.keys(ERROR_CODES) as ErrorCode[]).filter((c) => prefixes.some((p) => c.startsWith(p)));

const WRITE_ERRORS: ErrorCode[] = [...AUTH_ERRORS, "request.invalid", "request.too_large", "request.too_deep", "idempotency.key_reused", "idempotency.in_progress"];
const replayed = { "Idempotent-Replayed": { $ref: "#/components/headers/IdempotentReplayed" } };
const query = (name: string, schema: object, description: string) => ({ name, in: "query", required: false, schema, description });

export const caseArea: OpenapiArea = {
  tag: { name: "cases", description: "Dossiers (hồ sơ) from intake to archive. Every write is one engine step committed in one transaction with its audit entry." },
  schemas: {
    DeadlineStatus: { enum: ["on-time", "due-soon", "overdue"] },
    OutboxMessage: {
      type: "object",
      additionalProperties: false,
      required: ["id", "topic", "status", "attempts", "createdAt", "deliveredAt", "nextAttemptAt", "lastError"],
      description: "A message to another system written with the step that caused it, and where its delivery stands.",
      properties: {
        id: { type: "string", description: "Stable message id, sent as Idempotency-Key on every delivery attempt." },
        topic: { type: "string" },
        status: { enum: ["delivered", "pending", "retrying"] },
        attempts: { type: "integer", minimum: 0 },
        createdAt: { type: "string", format: "date-time" },
        deliveredAt: { type: ["string", "null"], format: "date-time" },
        nextAttemptAt: { type: ["string", "null"], format: "date-time" },
        lastError: { type: ["string", "null"], description: "What the last failed attempt met (HTTP status, SMTP reply, no answer, connection refused)." },
        notice: {
          type: "object",
          required: ["event", "channel", "to"],
          description: "A notice to the citizen (topics notice.email, notice.sms, notice.zalo): what it tells and where it went.",
          properties: { event: { enum: ["received", "needs-papers", "ready", "refused", "late"] }, channel: { enum: ["email", "sms", "zalo"] }, to: { type: "string" } },
        },
      },
    },
    IntakeRequest: {
      type: "object",
      required: ["procedureId", "data"],
      properties: {
        procedureId: { type: "string" },
        procedureVersion: { type: "integer", minimum: 1, description: "The version the form was filled under; refused (409 procedure.not_in_force) unless it is the version in force now. Defaults to that version." },
        unit: { type: "string", description: "Receiving unit; defaults to the official's own (and must be it)." },
        channel: { enum: ["counter", "online"], default: "counter" },
        data: { type: "object", description: "The form, validated against the procedure's form.schema; errors point at /data/..." },
        documents: { type: "array", items: ref("CaseDocument") },
        applicant: ref("Applicant"),
        confirmDuplicate: { type: "boolean", description: "The officer checked the possible duplicates (409 case.possible_duplicate) and receives the dossier anyway; the intake entry records them (input.duplicates)." },
      },
    },
    PossibleDuplicate: {
      type: "object",
      additionalProperties: false,
      required: ["id", "code", "unit", "state", "receivedAt"],
      description: "A case of the same procedure in the caller's province whose data holds the same values at every field the procedure's intake.duplicates names.",
      properties: { id: { type: "string" }, code: { type: "string" }, unit: { type: "string" }, state: { type: "string" }, receivedAt: { type: "string", format: "date-time" } },
    },
    PossibleDuplicates: {
      type: "object",
      additionalProperties: false,
      required: ["fields", "possibleDuplicates"],
      properties: {
        fields: { type: "array", items: { type: "string" }, description: "The JSON pointers compared; empty when the procedure declares no check." },
        possibleDuplicates: { type: "array", maxItems: 10, items: ref("PossibleDuplicate"), description: "Newest received first, at most 10; refused and withdrawn cases are left out." },
      },
    },
    ActionRequest: {
      type: "object",
      required: ["action"],
      properties: {
        action: { type: "string", description: "An action id of the case's procedure version." },
        expectedVersion: { type: "integer", description: "The case version the client read; a mismatch is 409 case.version_conflict with currentVersion." },
        data: { type: "object", description: "The action's data (its `data` schema), or form changes for an action that updates the form." },
        documents: { type: "array", items: ref("CaseDocument") },
        signature: ref("SignatureSubmission"),
        signedPayload: { type: "string", description: "The canonical payload text that was signed, when the client wants it compared." },
      },
    },
    StepResult: {
      type: "object",
      required: ["case", "entry"],
      properties: { case: { anyOf: [ref("Case"), ref("AnsweredCase")] }, entry: ref("AuditEntry"), appointment: { type: "string", format: "date-time", description: "Intake only: the appointment date printed on the receipt." }, trackingSecret: { type: "string", pattern: "^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", description: "Intake only: the citizen's tracking secret (POST /track), returned this once; the server keeps only its hash. Print it on the receipt (send it as the Tracking-Secret header of GET /cases/{id}/receipt.pdf)." } },
    },
    InboxItem: { allOf: [{ anyOf: [ref("Case"), ref("TaskView")] }, { type: "object", required: ["deadline"], properties: { deadline: ref("DeadlineStatus") } }] },
    AvailableAction: {
      type: "object",
      required: ["id", "title", "to", "enabled", "needsData"],
      properties: {
        id: { type: "string" },
        title: ref("LocalizedText"),
        to: { type: "string" },
        enabled: { type: "boolean", description: "False while a named condition (e.g. required documents) is not met." },
        needsData: { type: "boolean" },
        signature: { type: "object", description: "The signature checkpoint (role, what it covers) when the action must be signed." },
        register: {
          type: "object",
          required: ["book", "entry"],
          description: "The action records the dossier in a register book: JSON pointers into its data to the book and the entry number.",
          properties: { book: { type: "string" }, entry: { type: "string" } },
        },
      },
    },
    RegisterBook: {
      type: "object",
      required: ["book", "entries", "lastEntry", "nextEntry", "lastUsedAt"],
      properties: {
        book: { type: "string" },
        entries: { type: "integer", minimum: 1 },
        lastEntry: { type: ["string", "null"], description: "The highest plain-integer number written so far." },
        nextEntry: { type: "string", description: "One past the highest number: a proposal, not a reservation (a number another dossier took first is 409 register.entry_taken)." },
        lastUsedAt: { type: "string", format: "date-time" },
      },
    },
    CaseView: {
      type: "object",
      required: ["case", "procedure", "actions"],
      properties: {
        case: { anyOf: [ref("Case"), ref("TaskView")], description: "The whole case, or for the unit a task was asked of only its declared part (TaskView)." },
        procedure: { type: "object", required: ["id", "version", "title"], properties: { id: { type: "string" }, version: { type: "integer" }, title: ref("LocalizedText"), state: { type: "object" } } },
        actions: { type: "array", items: ref("AvailableAction"), description: "Exactly the actions the caller may take now (empty for another unit, a closed case, or a read-only role)." },
        parts: {
          type: "object",
          required: ["verdict", "items"],
          description: "Present for an interconnected submission: every part with its state now, and the parent's rule over them (open: a part is still open; satisfied: all closed and every part that may not fail completed; failed: one that may not fail did not). The procedure's `linked.gate` actions are refused (422 action.guard_failed, guard linkedParts) until it is satisfied.",
          properties: { verdict: { enum: ["open", "satisfied", "failed"] }, items: { type: "array", items: ref("PartRecord") } },
        },
        registerBooks: {
          type: "array",
          items: ref("RegisterBook"),
          description: "Present when one of `actions` records in a register: the unit's books for this procedure, the most recently written first (at most 5), with the next number.",
        },
      },
    },
  },
  paths: {
    "/cases": {
      get: {
        operationId: "listCases",
        summary: "The inbox: cases of the units the caller may see, soonest due first",
        description: "Commune officials see their commune; province-level officials see every commune of the province. A task another unit asked of the caller's unit is listed too, as its declared part only (TaskView). Keyset pagination: pass nextCursor back as cursor.",
        parameters: [
          query("state", { type: "string" }, "Only cases in this state."),
          query("procedure", { type: "string" }, "Only cases of this procedure id."),
          query("unit", { type: "string" }, "Only this unit (one the caller may see)."),
          query("overdue", { enum: ["true", "false"] }, "`true`: only cases past their due date (not paused)."),
          query("provisional", { enum: ["true", "false"] }, "`true`: only cases whose due date was computed past the calendar's announced holiday schedule (`dueProvisional`), to re-check once the government's announcement is in the calendar file."),
          query("closed", { enum: ["true", "false"] }, "`true`: include closed cases."),
          query("limit", { type: "integer", minimum: 1, maximum: 500, default: 50 }, "Page size."),
          query("cursor", { type: "string" }, "The nextCursor of the previous page."),
        ],
        responses: {
          "200": ok("One page of the inbox.", {
            type: "object",
            required: ["items", "nextCursor"],
            properties: { items: { type: "array", items: ref("InboxItem") }, nextCursor: { type: ["string", "null"] } },
          }),
          ...problems(...AUTH_ERRORS, "request.invalid"),
        },
      },
      post: {
        operationId: "openCase",
        summary: "Intake: open a case (receive a dossier)",
        description: "When the procedure declares intake.duplicates and cases of the province hold the same values (as POST /cases/possible-duplicates finds them), the answer is 409 case.possible_duplicate with `fields` and `possibleDuplicates`, until the request says confirmDuplicate: true.",
        parameters: [param("IdempotencyKey")],
        requestBody: jsonBody(ref("IntakeRequest")),
        responses: {
          "201": ok("The case is open; its first audit entry is the intake.", ref("StepResult"), replayed),
          ...problems(...WRITE_ERRORS, "procedure.not_found", "procedure.not_in_force", "actor.role_not_permitted", "actor.unit_not_permitted", "data.invalid", "case.possible_duplicate"),
        },
      },
    },
    "/cases/possible-duplicates": {
      post: {
        operationId: "findPossibleDuplicates",
        summary: "Cases that may already register this dossier: same procedure, same province, equal values at every declared field",
        description:
          "Compares the fields the procedure's intake.duplicates names, accents, case and repeated spaces ignored, under the version intake would use now. " +
          "Province-wide, since the same child may have been registered in another commune; refused and withdrawn cases are left out. No match when a declared field is missing from `data`. " +
          "Only for an official holding one of the procedure's intake roles. The cases named are recorded as one sealed read record.",
        requestBody: jsonBody({ type: "object", required: ["procedureId", "data"], properties: { procedureId: { type: "string" }, data: { type: "object", description: "The form as filled so far." } } }),
        responses: {
          "200": ok("The possible duplicates.", ref("PossibleDuplicates")),
          ...problems(...AUTH_ERRORS, "request.invalid", "request.too_large", "request.too_deep", "procedure.not_found", "actor.role_not_permitted"),
        },
      },
    },
    "/cases/search": {
      get: {
        operationId: "searchCases",
        summary: "Find open and closed cases by citizen name, personal ID number, phone or case code",
        description:
          "Accents and case are ignored (\"Nguyen Van An\" finds \"Nguyễn Văn An\"); the phrase is matched as a whole anywhere in the case code or any text of the dossier. Only cases of the units the caller may see, newest received first. The answer is a read of personal data and is recorded as one sealed read record.",
        parameters: [
          { name: "q", in: "query", required: true, schema: { type: "string", minLength: 3, maxLength: 100 }, description: "What to look for: a name, an ID number, a phone number or a case code (3 to 100 characters)." },
          query("limit", { type: "integer", minimum: 1, maximum: 100, default: 20 }, "Most cases returned."),
        ],
        responses: {
          "200": ok("The matching cases.", { type: "object", required: ["items"], properties: { items: { type: "array", items: ref("InboxItem") } } }),
          ...problems(...AUTH_ERRORS, "request.invalid"),
        },
      },
    },
    "/cases/{id}": {
      parameters: [param("CaseId")],
      get: {
        operationId: "getCase",
        summary: "One case, its procedure state, and the actions the caller may take now",
        description: "Opening a case's personal data is recorded (who, when).",
        responses: { "200": ok("The case.", ref("CaseView")), ...problems(...AUTH_ERRORS, "case.not_found", "procedure.not_found") },
      },
    },
    "/cases/{id}/receipt.pdf": {
      parameters: [param("CaseId")],
      get: {
        operationId: "getCaseReceipt",
        summary: "The receipt and appointment slip handed over at intake (PDF, Vietnamese)",
        description: "The dossier code, the procedure, when and how it was received, the papers received (and the required ones still missing), the appointment date in the calendar's time zone, and the tracking secret when the caller sends it. Recorded as a read of the dossier.",
        parameters: [{ name: "Tracking-Secret", in: "header", required: false, schema: { type: "string" }, description: "The tracking secret from the intake response (or POST /cases/{id}/tracking-secret), printed on the slip; one that is not this case's is 400 request.invalid (/headers/tracking-secret). Without it the slip says how to get a new one." }],
        responses: {
          "200": { description: "The slip, one A4 page.", content: { "application/pdf": { schema: { type: "string", format: "binary" } } } },
          ...problems(...AUTH_ERRORS, "case.not_found", "actor.unit_not_permitted", "request.invalid"),
        },
      },
    },
    "/cases/{id}/extract.pdf": {
      parameters: [param("CaseId")],
      get: {
        operationId: "getCaseExtract",
        summary: "The signed result's extract (PDF): code, register entry, signer, digest of what was signed, and a QR code of the public check URL",
        description: "Recorded as a read of the dossier. 409 case.not_signed before the result is signed.",
        responses: {
          "200": { description: "The extract, one A4 page.", content: { "application/pdf": { schema: { type: "string", format: "binary" } } } },
          ...problems(...AUTH_ERRORS, "case.not_found", "case.not_signed"),
        },
      },
    },
    "/cases/{id}/history": {
      parameters: [param("CaseId")],
      get: {
        operationId: "getCaseHistory",
        summary: "The case and its audit entries in order (a hash chain a client can recheck)",
        responses: {
          "200": ok("The history.", { type: "object", required: ["case", "entries"], properties: { case: ref("Case"), entries: { type: "array", items: ref("AuditEntry") } } }),
          ...problems(...AUTH_ERRORS, "case.not_found"),
        },
      },
    },
    "/cases/{id}/outbox": {
      parameters: [param("CaseId")],
      get: {
        operationId: "getCaseOutbox",
        summary: "The case's messages to other systems (e.g. the civil-status database) and their delivery status",
        responses: {
          "200": ok("The messages, oldest first.", { type: "object", required: ["items"], properties: { items: { type: "array", items: ref("OutboxMessage") } } }),
          ...problems(...AUTH_ERRORS, "case.not_found"),
        },
      },
    },
    "/cases/{id}/signing-payload": {
      parameters: [param("CaseId")],
      get: {
        operationId: "getSigningPayload",
        summary: "What the official signs at a signature checkpoint",
        description: "Sign the UTF-8 bytes of `canonical` (RFC 8785 JSON of `payload`); the payload binds the case, the procedure version, the data and document hashes and the audit head.",
        parameters: [query("action", { type: "string" }, "The signed action; defaults to the first signed action available from the current state.")],
        responses: {
          "200": ok("The payload.", {
            type: "object",
            required: ["action", "caseVersion", "payload", "canonical", "sha256"],
            properties: { action: { type: "string" }, caseVersion: { type: "integer" }, payload: ref("SigningPayload"), canonical: { type: "string" }, sha256: { type: "string", pattern: "^[0-9a-f]{64}$" } },
          }),
          ...problems(...AUTH_ERRORS, "case.not_found", "action.not_available", "procedure.not_found"),
        },
      },
    },
    "/cases/{id}/payment": {
      parameters: [param("CaseId")],
      post: {
        operationId: "recordPayment",
        summary: "Record payment of the case's fee and give its receipt number",
        description:
          "By the reception role of the case's unit. Cash at the counter, or online with the portal's payment reference. The receipt number " +
          "(YYYY/NNNNNN, per unit and year of the payment) is taken in the same transaction as the case, so numbers are unique and gap-free. " +
          "An audited step (system:payment) in the case's chain. 409 fee.already_paid when paid, fee.nothing_due for a free or exempt case.",
        requestBody: jsonBody({
          type: "object",
          required: ["method"],
          properties: { method: { enum: ["cash", "online"] }, reference: { type: "string", minLength: 1, maxLength: 100, description: "Required for online payments." } },
        }),
        responses: {
          "200": ok("Paid; case.fee.payment holds the receipt number.", ref("StepResult")),
          ...problems(
            ...AUTH_ERRORS, "request.invalid", "request.too_large", "request.too_deep", "case.not_found", "procedure.not_found", "actor.role_not_permitted",
            "actor.unit_not_permitted", "data.invalid", "case.closed", "case.version_conflict", "fee.already_paid", "fee.nothing_due",
          ),
        },
      },
    },
    "/cases/{id}/actions": {
      parameters: [param("CaseId")],
      post: {
        operationId: "actOnCase",
        summary: "Take an action on a case",
        description:
          "Authorization (role and unit), data validation, the signature checkpoint and the state transition are checked in one pure step; " +
          "the new case version and its audit entry are committed together or not at all. Refusals change nothing. " +
          "At a signature checkpoint the server first fetches OCSP responses from the responders the signer's certificates name, and, when a timestamp authority " +
          "is configured, obtains an RFC 3161 timestamp over the signature value once the signature verifies: both are kept in the entry's evidence. " +
          "A TSA that cannot be reached refuses the step with 503 signature.timestamp_unavailable and Retry-After; an OCSP responder that is down only " +
          "leaves the CRLs to decide (INDETERMINATE signature.revocation_unknown when none does, with `ocspFetchErrors`).",
        parameters: [param("IdempotencyKey")],
        requestBody: jsonBody(ref("ActionRequest")),
        responses: {
          "200": ok("Applied.", ref("StepResult"), replayed),
          ...problems(
            ...WRITE_ERRORS,
            "case.not_found", "procedure.not_found", "action.unknown", "action.not_available", "action.guard_failed", "action.round_limit", "actor.role_not_permitted",
            "actor.unit_not_permitted", "data.invalid", "case.closed", "case.version_conflict",
            ...codesStartingWith("signature.", "deadline."),
          ),
        },
      },
    },
  },
};
