// The one reader of JSON request bodies, mounted before authentication: a body is refused for its
// size while it streams in (from Content-Length before a byte is read; otherwise as soon as the
// count passes the limit), and the connection is then closed rather than drained, so a 50 MB body
// costs the server what it read up to the limit, signed in or not. What is read must be UTF-8 JSON
// of bounded depth with nothing unstorable in it (json-gate.ts); routes get the parsed object.
// (body-parser, used before, reads an oversized body to its end before answering 413.)
import type { NextFunction, Request, RequestHandler, Response } from "express";
import getRawBody from "raw-body";
import { MotcuaError } from "../../engine/errors.js";
import { assertDepth, assertStorable } from "./json-gate.js";

export const BODY_LIMIT_BYTES = 1024 * 1024;
const JSON_TYPES = ["application/json", "application/*+json"];
const utf8 = new TextDecoder("utf-8", { fatal: true });

export function jsonBody(limitBytes = BODY_LIMIT_BYTES): RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req) || !req.is(JSON_TYPES)) return next();
    const refuse = (e: MotcuaError) => {
      closeWithoutReading(req, res);
      next(e);
    };
    const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
    if (encoding !== "identity") return refuse(new MotcuaError("request.invalid", `content-encoding ${encoding} is not accepted; send the JSON as it is`, { errors: [{ pointer: "/header/Content-Encoding", rule: "enum", message: "must be identity" }] }));
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers["content-type"] ?? "")?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") return refuse(new MotcuaError("request.invalid", "JSON bodies are UTF-8", { errors: [{ pointer: "/header/Content-Type", rule: "charset", message: "charset must be utf-8" }] }));
    const declared = req.headers["content-length"] === undefined ? undefined : Number(req.headers["content-length"]);
    if (declared !== undefined && declared > limitBytes) return refuse(tooLarge(limitBytes));
    getRawBody(req, { limit: limitBytes, length: declared }).then(
      (buf) => parse(req, buf, next),
      (e: { type?: string }) => {
        if (e.type === "entity.too.large") return refuse(tooLarge(limitBytes));
        // The client went away or sent less than it declared: nobody to answer, nothing to keep.
        refuse(new MotcuaError("request.invalid", "the body ended before its declared length"));
      },
    );
  };
}

function parse(req: Request, buf: Buffer, next: NextFunction): void {
  try {
    let text: string;
    try {
      text = utf8.decode(buf);
    } catch {
      throw new MotcuaError("request.invalid", "the body is not valid UTF-8", { errors: [{ pointer: "", rule: "encoding", message: "must be UTF-8" }] });
    }
    assertDepth(text);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // The parser's message quotes the input: not echoed back.
      throw new MotcuaError("request.invalid", "the body is not valid JSON");
    }
    assertStorable(value);
    req.body = value;
    next();
  } catch (e) {
    next(e);
  }
}

/** How long a refused client gets to read the answer before its connection is dropped. */
const LINGER_MS = 2_000;

/**
 * Nothing more of this request will be read: the answer says `Connection: close`, and once it is
 * sent the server stops reading the socket (Node would otherwise read the rest of the body to
 * discard it) and closes its side. The socket itself is destroyed a moment later, not at once:
 * closing it with the client's unread bytes pending sends a reset, which can make the client
 * drop the 413 before reading it (hence a lingering close, as web servers do).
 */
export function closeWithoutReading(req: Request, res: Response): void {
  res.set("connection", "close");
  const socket = req.socket;
  res.once("finish", () => {
    // Runs after Node's own end-of-response handling, which resumed the request to drain it
    // and scheduled the socket's destruction for when its write side finishes.
    socket.pause();
    socket.removeListener("finish", socket.destroy);
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
  });
}

function hasBody(req: Request): boolean {
  return req.headers["transfer-encoding"] !== undefined || (req.headers["content-length"] !== undefined && req.headers["content-length"] !== "0");
}

function tooLarge(limitBytes: number): MotcuaError {
  return new MotcuaError("request.too_large", `the request body exceeds ${limitBytes} bytes`);
}
