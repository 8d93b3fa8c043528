// The per-address limit on a public (unauthenticated) route: a refusal is the usual problem
// (429 request.rate_limited) with how long to wait. Behind a reverse proxy, set TRUST_PROXY so the
// address is the caller's, not the proxy's.
import { rateLimit } from "express-rate-limit";
import type { RequestHandler } from "express";
import { MotcuaError } from "../../engine/errors.js";

export function publicRateLimit(perMinute: number, what: string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    handler: (req, _res, next) => {
      const resetMs = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime?.getTime() ?? Date.now() + 60_000;
      next(new MotcuaError("request.rate_limited", `more than ${perMinute} ${what} a minute from this address`, { extra: { retryAfterSeconds: Math.max(1, Math.ceil((resetMs - Date.now()) / 1000)) } }));
    },
  });
}
