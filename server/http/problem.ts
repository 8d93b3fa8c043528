// RFC 9457 problem details, with the HTTP status of every error code chosen in this one place.
import type { ErrorRequestHandler, Response } from "express";
import { ERROR_CODES, MotcuaError, type ErrorCode, type FieldError } from "../../engine/errors.js";
import { isDatabaseUnavailable } from "../db/unavailable.js";

const STATUS: Partial<Record<ErrorCode, number>> = {
  "action.unknown": 422,
  "action.not_available": 409,
  "action.guard_failed": 422,
  "action.round_limit": 409,
  "expression.failed": 422,
  "actor.role_not_permitted": 403,
  "actor.unit_not_permitted": 403,
  "data.invalid": 400,
  "case.closed": 409,
  "fee.already_paid": 409,
  "fee.nothing_due": 409,
  "official.username_taken": 409,
  "official.self": 409,
  "official.inactive": 409,
  "official.active": 409,
  "case.version_conflict": 409,
  "case.not_found": 404,
  "case.not_signed": 409,
  "case.possible_duplicate": 409,
  "result.not_found": 404,
  "attachment.too_large": 413,
  "attachment.type_not_allowed": 415,
  "attachment.not_found": 404,
  // Stored once and lost since (a disk restored without it): gone, not a server bug.
  "attachment.missing": 410,
  "procedure.invalid": 422,
  "procedure.not_found": 404,
  "procedure.version_exists": 409,
  "procedure.not_in_force": 409,
  "auth.required": 401,
  "auth.invalid_token": 401,
  "auth.bad_credentials": 401,
  "auth.local_login_disabled": 403,
  "auth.forbidden": 403,
  "auth.too_many_attempts": 429,
  "request.invalid": 400,
  "request.too_large": 413,
  "request.too_deep": 400,
  "request.not_found": 404,
  "request.rate_limited": 429,
  "idempotency.key_reused": 422,
  "idempotency.in_progress": 409,
  "register.entry_taken": 409,
  "internal": 500,
  "service.unavailable": 503,
  // The TSA is the server's dependency, not the signer's fault: retry later / an upstream answered badly.
  "signature.timestamp_unavailable": 503,
  "signature.timestamp_invalid": 502,
  "deadline.extension_not_later": 422,
  "deadline.extension_not_working_day": 422,
  "deadline.extension_too_long": 422,
  "deadline.clock_paused": 409,
  "assignment.already_claimed": 409,
  "assignment.not_holder": 403,
  "assignment.target_invalid": 422,
  "official.not_found": 404,
  "unit.not_found": 404,
  "unit.merge_invalid": 422,
  "unit.already_merged": 409,
  "unit.exists": 409,
  "unit.dissolved": 409,
  "unit.not_empty": 409,
  "migration.invalid": 422,
  "migration.state_missing": 422,
  "migration.data_invalid": 422,
};

export function statusOf(code: ErrorCode): number {
  // Every signature refusal is the client's to fix (sign again, renew a certificate): 422.
  return STATUS[code] ?? (code.startsWith("signature.") ? 422 : 400);
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  errors?: FieldError[];
  [k: string]: unknown;
}

export function problemOf(e: MotcuaError): Problem {
  return {
    type: `https://motcua.example/errors/${e.code}`,
    title: ERROR_CODES[e.code],
    status: statusOf(e.code),
    code: e.code,
    ...(e.detail ? { detail: e.detail } : {}),
    ...(e.errors ? { errors: e.errors } : {}),
    ...(e.extra ?? {}),
  };
}

export function sendProblem(res: Response, e: MotcuaError): void {
  const p = problemOf(e);
  // Any problem that names a wait (login throttle, database down) says it in the header clients read.
  if (typeof p.retryAfterSeconds === "number") res.set("Retry-After", String(p.retryAfterSeconds));
  res.status(p.status).type("application/problem+json").send(JSON.stringify(p));
}

/** Last error handler: known errors become problems; anything else is a 500 without a stack trace. */
export function errorHandler(log: { error: (o: object, msg: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof MotcuaError) return sendProblem(res, err);
    // Errors of Express itself (a path that does not decode) carry a client status.
    const e = err as { status?: number; message?: string };
    if (e.status && e.status >= 400 && e.status < 500) return sendProblem(res, new MotcuaError("request.invalid", e.message));
    if (isDatabaseUnavailable(err)) {
      log.error({ err, method: req.method, url: req.originalUrl }, "database unavailable");
      return sendProblem(res, new MotcuaError("service.unavailable", undefined, { extra: { retryAfterSeconds: 5 } }));
    }
    log.error({ err, method: req.method, url: req.originalUrl }, "unhandled error");
    sendProblem(res, new MotcuaError("internal", "an internal error occurred; it has been logged"));
  };
}
