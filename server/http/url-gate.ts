// The URL's part of the input gate: a NUL (%00) in a path or query value would reach PostgreSQL,
// which refuses it in text (22021). Other bytes are safe: a path that is not UTF-8 fails to decode
// (400 from Express) and the query parser replaces bad sequences.
import type { RequestHandler } from "express";
import { MotcuaError } from "../../engine/errors.js";

export function urlGate(): RequestHandler {
  return (req, _res, next) => {
    const url = req.originalUrl;
    const q = url.indexOf("?");
    for (const [part, text] of [["/path", q < 0 ? url : url.slice(0, q)], ["/query", q < 0 ? "" : url.slice(q)]] as const) {
      if (/%00/i.test(text)) {
        return next(new MotcuaError("request.invalid", "the URL holds a NUL character (%00)", { errors: [{ pointer: part, rule: "noNul", message: "must not contain %00" }] }));
      }
    }
    next();
  };
}
