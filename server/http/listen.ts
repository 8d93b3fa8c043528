// The HTTP server around the Express app, with the limits a public endpoint needs: a client gets
// headersTimeout to send its headers and requestTimeout for the whole request, body included
// (Node answers 408 and closes the connection), checked every second rather than Node's default
// 30 s, so a slowloris or a body trickled byte by byte holds a connection for bounded time. A
// client that asks before sending a body (Expect: 100-continue) and declares more than the limit
// is answered 413 without being invited to send it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type express from "express";
import { BODY_LIMIT_BYTES } from "./json-body.js";

export interface HttpLimits {
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  bodyLimitBytes?: number;
  /** The largest multipart body POST /attachments reads (server/attachments/upload.ts); default the JSON limit. */
  uploadLimitBytes?: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000 };

export function createHttpServer(app: express.Express, limits: HttpLimits = DEFAULT_HTTP_LIMITS): Server {
  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    },
    app,
  );
  const limit = limits.bodyLimitBytes ?? BODY_LIMIT_BYTES;
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    // No 100 Continue for a body that will be refused: the app answers 413 from Content-Length.
    // A scan upload has its own, larger limit (curl asks first for any body over 1 MB).
    const upload = req.method === "POST" && req.url?.split("?")[0] === "/attachments" && /^multipart\/form-data/i.test(req.headers["content-type"] ?? "");
    if (!(Number(req.headers["content-length"]) > (upload ? (limits.uploadLimitBytes ?? limit) : limit))) res.writeContinue();
    app(req, res);
  });
  return server;
}

/** Listens on host:port (0 = any free port); resolves with the server once it accepts connections. */
export function listen(app: express.Express, port: number, host: string, limits?: HttpLimits): Promise<Server & { address(): AddressInfo }> {
  const server = createHttpServer(app, limits);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server as Server & { address(): AddressInfo }));
  });
}
