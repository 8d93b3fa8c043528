// One catalogue of stable error codes. Messages are for people; tests and clients match codes.
// The HTTP status for each code is chosen in one place at the edge (server/http/problem.ts).

export const ERROR_CODES = {
  // applying an action to a case
  "action.unknown": "The procedure has no action with this id.",
  "action.not_available": "The action cannot be taken in the case's current state.",
  "action.guard_failed": "A condition of the action is not met (see detail).",
  "expression.failed": "A rule of the procedure (a FEEL expression) could not be evaluated on this dossier, or gave neither true nor false (see detail).",
  "action.round_limit": "The action was already taken as many times as the procedure allows in one case (e.g. supplement requests).",
  "actor.role_not_permitted": "None of the actor's roles may take this action.",
  "actor.unit_not_permitted": "The actor's administrative unit has no jurisdiction over this case.",
  "data.invalid": "The submitted data does not satisfy the form or action schema.",
  "case.closed": "The case is in a final state.",
  "fee.already_paid": "The case's fee is already paid; its receipt number is in the case.",
  "fee.nothing_due": "The case owes no fee (a free procedure, or an exemption applied at intake).",
  "official.username_taken": "Another official already has this username.",
  "official.self": "An administrator cannot deactivate their own account.",
  "official.inactive": "The official is already deactivated.",
  "official.active": "The official is active.",
  "case.version_conflict": "The case changed since the version the client read.",
  "case.not_found": "No such case.",
  "case.not_signed": "The case has no signed result yet: there is no extract to print.",
  "case.possible_duplicate": "Cases of the province hold the same declared facts; check them, then confirm to receive the dossier anyway.",
  "result.not_found": "No signed result has this case code and digest.",
  // scanned papers (attachments)
  "attachment.too_large": "The file is larger than the server accepts (see maxBytes).",
  "attachment.type_not_allowed": "The file is not a PDF, JPEG or PNG, or its declared type is not what its content is.",
  "attachment.not_found": "The case has no such document, or the document is a paper seen at the counter of which no file was kept.",
  "attachment.missing": "The document's file should be stored but is not on the server; tell technical support.",
  // signatures
  "signature.required": "This action needs a digital signature.",
  "signature.malformed": "The signature could not be parsed.",
  "signature.unsupported_algorithm": "The signature or key algorithm is not accepted (RSA 2048+ or ECDSA P-256 with SHA-256).",
  "signature.invalid": "The signature does not verify over the current signing payload.",
  "signature.payload_mismatch": "The signature was made over an earlier version of this case's data or documents.",
  "signature.replayed_other_case": "The signature was made for another case.",
  "signature.stale_audit_head": "The signature was made before the case's latest step; fetch the signing payload again.",
  "signature.certificate_expired": "The signer's certificate had expired at signing time.",
  "signature.certificate_not_yet_valid": "The signer's certificate was not yet valid at signing time.",
  "signature.certificate_revoked": "The signer's certificate is revoked.",
  "signature.revocation_unknown": "No revocation information covers the certificate: the result is indeterminate.",
  "signature.untrusted_root": "The certificate does not chain to a configured trust anchor.",
  "signature.chain_incomplete": "An intermediate certificate needed to build the chain is missing.",
  "signature.key_usage": "The certificate does not allow digital signatures.",
  "signature.signer_mismatch": "The certificate does not belong to the acting official.",
  "signature.issuer_not_ca": "A certificate in the chain issued another certificate without being a CA certificate.",
  "signature.issuer_key_usage": "A CA certificate in the chain is not allowed to sign certificates (keyUsage without keyCertSign).",
  "signature.path_length_exceeded": "The chain has more CA certificates than a CA above them allows (pathLenConstraint).",
  "signature.name_constraints": "A certificate's names are outside what a CA above it may certify (nameConstraints).",
  "signature.policy_constraints": "The chain does not satisfy the certificate policies its CAs require (policyConstraints).",
  "signature.unsupported_critical_extension": "A certificate in the chain carries a critical extension that cannot be processed.",
  "signature.certificate_on_hold": "The certificate is on hold (suspended) at signing time: the result is indeterminate until the CA lifts or revokes it.",
  "signature.extended_key_usage": "The certificate's extended key usage does not permit signing documents.",
  "signature.timestamp_unavailable": "The timestamp authority could not be reached or gave no usable timestamp; nothing was applied. Retry later.",
  "signature.timestamp_invalid": "The timestamp token is not valid (wrong signature value, untrusted or unauthorised TSA, or a time far from the signing time).",
  // deadlines
  "deadline.extension_not_later": "The new appointment date must be later than the current due date.",
  "deadline.extension_not_working_day": "The new appointment date must be a working day.",
  "deadline.extension_too_long": "The new appointment date exceeds the procedure's maximum extension.",
  // procedures
  "procedure.invalid": "The procedure file has lint errors.",
  "procedure.not_found": "No such procedure or version.",
  "procedure.version_exists": "This procedure version is already published with different content.",
  "procedure.not_in_force": "No version of this procedure is in force now, or the version named is not the one in force (reload the form).",
  // auth and HTTP edges
  "auth.required": "A bearer token is required.",
  "auth.invalid_token": "The token is invalid or expired.",
  "auth.bad_credentials": "Unknown user or wrong password.",
  "auth.local_login_disabled": "Sign in through the configured OpenID Connect provider; local passwords are disabled.",
  "auth.forbidden": "The caller's roles do not allow this operation.",
  "auth.too_many_attempts": "Too many failed logins for this username; wait before trying again.",
  "request.invalid": "The request is malformed.",
  "request.too_large": "The request body is too large.",
  "request.too_deep": "The request body nests arrays or objects too deeply.",
  "request.not_found": "No such route.",
  "request.rate_limited": "Too many requests from this address; wait before trying again.",
  "idempotency.key_reused": "The Idempotency-Key was used before with a different request.",
  "idempotency.in_progress": "A request with this Idempotency-Key is still being processed.",
  "register.entry_taken": "This entry number is already used in this register book.",
  "internal": "Internal error.",
  "service.unavailable": "The database cannot be reached at the moment; nothing was applied. Retry later.",
  // supervision: apology notices, queues and assignment, unit merges
  "deadline.clock_paused": "The deadline clock is paused while the case waits on the citizen: no apology notice is due.",
  "assignment.already_claimed": "Another official holds this case; a supervisor can reassign it.",
  "assignment.not_holder": "Only the official holding the case, or a supervisor, can release it.",
  "assignment.target_invalid": "The official cannot take this case (inactive, of another unit, or without the role owning its current state).",
  "official.not_found": "No such official.",
  "unit.not_found": "No such administrative unit.",
  "unit.merge_invalid": "These units cannot be merged (see detail).",
  "unit.already_merged": "The unit was already merged into a successor.",
  "unit.exists": "A unit with this code exists.",
  "unit.dissolved": "The unit was dissolved or merged: it no longer exists.",
  "unit.not_empty": "The unit still has active officials or open cases; move them, or merge the unit.",
  // moving running cases to a newer procedure version
  "migration.invalid": "These versions cannot be migrated between (see detail).",
  "migration.state_missing": "The newer version has no open state with the case's current state id.",
  "migration.data_invalid": "The dossier does not satisfy the newer version's form.",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A field-level problem: JSON pointer into the submitted document plus the rule that failed. */
export interface FieldError {
  pointer: string;
  rule: string;
  message: string;
}

export class MotcuaError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;

  constructor(code: ErrorCode, detail?: string, opts: { errors?: FieldError[]; extra?: Record<string, unknown> } = {}) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = "MotcuaError";
    this.code = code;
    this.detail = detail;
    this.errors = opts.errors;
    this.extra = opts.extra;
  }
}

/** 400 request.invalid naming one field (JSON pointer) and the rule it broke. */
export function fieldError(pointer: string, rule: string, message: string): MotcuaError {
  return new MotcuaError("request.invalid", message, { errors: [{ pointer, rule, message }] });
}

/** 400 request.invalid naming every field at once; the detail lists them unless one is given. */
export function fieldErrors(errors: FieldError[], detail?: string): MotcuaError {
  return new MotcuaError("request.invalid", detail ?? errors.map((e) => `${e.pointer}: ${e.message}`).join("; "), { errors });
}

export function isMotcuaError(e: unknown): e is MotcuaError {
  return e instanceof MotcuaError;
}
