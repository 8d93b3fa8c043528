// What a hostile or broken client costs the server, measured on a real socket against the real
// HTTP server (http/listen.ts) with short limits: a body over the limit is refused without being
// read whole, before any authentication, however it is framed; headers or a body trickled in
// byte by byte are cut off after the configured timeout.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { connect, type Socket } from "node:net";
import type { Server } from "node:http";
import { startTestServer, type TestServer } from "../support/server.js";
import { listen } from "../../server/http/listen.js";

const LIMITS = { requestTimeoutMs: 1_500, headersTimeoutMs: 1_000 };
const FIFTY_MB = 50 * 1024 * 1024;

interface Exchange {
  /** Everything the server answered. */
  answer: string;
  /** Body bytes the client got onto the socket before the server closed it. */
  sent: number;
  /** Milliseconds from connecting until the server closed the connection. */
  closedAfterMs: number;
}

/** Writes `head`, then feeds `chunk` (every `everyMs`, or as fast as the socket takes it) until the server closes the connection or `maxBytes` went out. */
function exchange(port: number, head: string, chunk: Buffer, opts: { everyMs?: number; maxBytes: number; frame?: (b: Buffer) => Buffer }): Promise<Exchange> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket: Socket = connect(port, "127.0.0.1");
    let answer = "";
    let sent = 0;
    let closed = false;
    socket.on("data", (b) => (answer += b.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => {
      closed = true;
      resolve({ answer, sent, closedAfterMs: Date.now() - started });
    });
    const feed = () => {
      if (closed || sent >= opts.maxBytes) return;
      const data = opts.frame ? opts.frame(chunk) : chunk;
      const more = socket.write(data, (err) => {
        if (!err) sent += chunk.length;
      });
      if (opts.everyMs) setTimeout(feed, opts.everyMs);
      else if (more) setImmediate(feed);
      else socket.once("drain", feed);
    };
    socket.on("connect", () => {
      socket.write(head);
      feed();
    });
    // Bounded whatever happens: a test never hangs on a socket.
    setTimeout(() => socket.destroy(), 20_000).unref();
  });
}

describe("slow and oversized clients", () => {
  let s: TestServer;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    s = await startTestServer();
    server = await listen(s.app, 0, "127.0.0.1", LIMITS);
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await s?.close();
  });

  const head = (extra: string) => `POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${extra}\r\n`;
  const megabyte = Buffer.alloc(64 * 1024, "a");

  it("answers a declared 50 MB body 413 at once, unauthenticated, and closes instead of reading it", async () => {
    const r = await exchange(port, head(`Content-Length: ${FIFTY_MB}\r\n`), megabyte, { maxBytes: FIFTY_MB });
    expect(r.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(r.answer).toMatch(/connection: close/i);
    expect(r.answer).toContain('"code":"request.too_large"');
    // What the kernel buffers took before the close, not the 50 MB.
    expect(r.sent).toBeLessThan(FIFTY_MB / 4);
  });

  it("stops a chunked body (no length announced) as soon as it passes the limit", async () => {
    const chunked = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from("\r\n")]);
    const r = await exchange(port, head("Transfer-Encoding: chunked\r\n"), megabyte, { maxBytes: FIFTY_MB, frame: chunked });
    expect(r.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(r.sent).toBeLessThan(FIFTY_MB / 4);
  });

  it("does not invite a client that asks first (Expect: 100-continue) to send a body it would refuse", async () => {
    const r = await exchange(port, head(`Content-Length: ${FIFTY_MB}\r\nExpect: 100-continue\r\n`), megabyte, { maxBytes: 0 });
    expect(r.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(r.answer).not.toContain("100 Continue");
  });

  it("invites a client that asks first with a body under the limit", async () => {
    const body = JSON.stringify({ username: "tiepnhan", password: "wrong" });
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => socket.write(head(`Content-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n`)));
      let text = "";
      socket.on("data", (b) => {
        text += b.toString();
        if (text.startsWith("HTTP/1.1 100 Continue") && !text.includes("401")) socket.write(body);
      });
      socket.on("close", () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue/);
    expect(answer).toContain("HTTP/1.1 401");
  });

  it("closes a connection whose headers trickle in after headersTimeout", async () => {
    const r = await exchange(port, "POST /auth/login HTTP/1.1\r\n", Buffer.from("X-Slow: a\r\n"), { everyMs: 100, maxBytes: 10_000 });
    expect(r.answer).toMatch(/^HTTP\/1\.1 408 /);
    // The limit plus Node's check interval (1 s here), with room for a busy machine.
    expect(r.closedAfterMs).toBeLessThan(LIMITS.headersTimeoutMs + 3_000);
  });

  it("closes a connection whose body trickles in after requestTimeout", async () => {
    const r = await exchange(port, head("Content-Length: 100000\r\n"), Buffer.from("a"), { everyMs: 100, maxBytes: 100_000 });
    expect(r.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(r.closedAfterMs).toBeLessThan(LIMITS.requestTimeoutMs + 3_000);
    expect(r.sent).toBeLessThan(200);
  });
});
