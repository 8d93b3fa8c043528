// What slow and oversized clients cost a server with the default limits (HTTP_HEADERS_TIMEOUT_SECONDS
// 10, HTTP_REQUEST_TIMEOUT_SECONDS 30, a 1 MiB body): SLOW_CLIENTS connections trickle headers and
// as many trickle a body, one byte every 500 ms, while one client signs in and reads /auth/me in a
// loop; then 50 MB bodies, declared and chunked, are sent as fast as the socket takes them.
// Reported: when the slow connections were closed, the signed-in client's latency meanwhile, and
// how much of a 50 MB body got onto the socket before the 413 and the close.
import { connect } from "node:net";
import { startTestServer } from "../test/support/server.js";
import { DEFAULT_HTTP_LIMITS, listen } from "../server/http/listen.js";

const SLOW_CLIENTS = 100;
const FIFTY_MB = 50 * 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

/** Opens a connection that writes `head` then one byte of `drip` every 500 ms; resolves with seconds until the server closed it. */
function trickle(port: number, head: string, drip: string): Promise<number> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const socket = connect(port, "127.0.0.1", () => socket.write(head));
    const timer = setInterval(() => socket.write(drip), 500);
    socket.on("error", () => {});
    socket.on("close", () => {
      clearInterval(timer);
      resolve((Date.now() - t0) / 1000);
    });
    setTimeout(() => socket.destroy(), 120_000).unref();
  });
}

/** Sends up to 50 MB as fast as possible; resolves with the MB on the socket before the close and whether a 413 came back. */
function flood(port: number, head: string, frame: (b: Buffer) => Buffer): Promise<{ mb: number; answered413: boolean; ms: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    let answer = "";
    let closed = false;
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(head);
      const feed = () => {
        while (!closed && sent < FIFTY_MB) {
          sent += chunk.length;
          if (!socket.write(frame(chunk))) return void socket.once("drain", feed);
        }
      };
      feed();
    });
    socket.on("data", (b) => (answer += b.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => {
      closed = true;
      resolve({ mb: Math.round((sent / 1048576) * 10) / 10, answered413: answer.startsWith("HTTP/1.1 413"), ms: Date.now() - t0 });
    });
  });
}

export async function benchSlowClients(): Promise<Record<string, string | number>> {
  const s = await startTestServer({ kind: "pglite" });
  const server = await listen(s.app, 0, "127.0.0.1", DEFAULT_HTTP_LIMITS);
  const port = (server.address() as { port: number }).port;
  try {
    const token = await s.login("tiepnhan");
    const post = "POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    const slowHeaders = Array.from({ length: SLOW_CLIENTS }, () => trickle(port, post, "X"));
    const slowBodies = Array.from({ length: SLOW_CLIENTS }, () => trickle(port, `${post}Content-Length: 100000\r\n\r\n`, "a"));
    const latencies: number[] = [];
    let done = false;
    const all = Promise.all([Promise.all(slowHeaders), Promise.all(slowBodies)]).finally(() => (done = true));
    while (!done) {
      const t = performance.now();
      await fetch(`http://127.0.0.1:${port}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      latencies.push(performance.now() - t);
      await sleep(100);
    }
    const [headers, bodies] = await all;
    const declared = await flood(port, `${post}Content-Length: ${FIFTY_MB}\r\n\r\n`, (b) => b);
    const chunked = await flood(port, `${post}Transfer-Encoding: chunked\r\n\r\n`, (b) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from("\r\n")]));
    return {
      "slow headers: connections": SLOW_CLIENTS,
      "slow headers: closed after (s, median / max)": `${percentile(headers, 50).toFixed(1)} / ${Math.max(...headers).toFixed(1)}`,
      "slow body: connections": SLOW_CLIENTS,
      "slow body: closed after (s, median / max)": `${percentile(bodies, 50).toFixed(1)} / ${Math.max(...bodies).toFixed(1)}`,
      "signed-in client meanwhile: requests": latencies.length,
      "signed-in client meanwhile: p50 / p99 ms": `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 99).toFixed(1)}`,
      "50 MB declared: client wrote, answer, closed after": `${declared.mb} MB, ${declared.answered413 ? "413" : "no answer"}, ${declared.ms} ms`,
      "50 MB chunked: client wrote, answer, closed after": `${chunked.mb} MB, ${chunked.answered413 ? "413" : "no answer"}, ${chunked.ms} ms`,
    };
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await s.close();
  }
}
