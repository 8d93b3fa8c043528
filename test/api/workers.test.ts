// WORKERS=N and the metrics endpoint, as an operator meets them: real processes started as
// `npm start` runs them, a real PostgreSQL server for the cluster, real scrapes over HTTP.
import { describe, it, expect, afterAll } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchDatabase, type ScratchDatabase } from "../support/scratch-database.js";
import { DEMO_PASSWORD } from "../../server/seed.js";
import { birthDeclaration, birthDocuments } from "../support/server.js";
import { START_TIMEOUT_MS, call, startServerProcess, stopAll, type Running } from "../support/process.js";

const admin = process.env.TEST_DATABASE_URL;
const running: Running[] = [];
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "motcua-workers-"));
  dirs.push(d);
  return d;
};

afterAll(async () => {
  await stopAll(running);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}, 60_000);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function scrape(port: number, token?: string): Promise<{ status: number; text: string }> {
  const r = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: r.status, text: await r.text() };
}

/** The value of one sample line, e.g. motcua_actions_total{procedure="x",action="intake",outcome="accepted"}. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(" ").at(-1));
  }
  return undefined;
}

const token = async (base: string, username: string) => (await call(base, "POST", "/auth/login", undefined, { username, password: DEMO_PASSWORD })).body.token as string;
const intake = (base: string, t: string) => call(base, "POST", "/cases", t, { procedureId: "civil-status.birth-registration", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true });

/** The worker processes: the node primary's children that are node (tsx's esbuild service is another child). */
function workerPids(primaryPid: number): number[] {
  try {
    return execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(primaryPid)], { encoding: "utf8" })
      .trim().split("\n").map((l) => l.trim().split(/\s+/)).filter(([, comm]) => comm === "node").map(([pid]) => Number(pid));
  } catch {
    return [];
  }
}

describe("configuration refused at start", () => {
  it("WORKERS above 1 on the embedded database: exit 2 naming DATABASE_URL", async () => {
    await expect(startServerProcess({ DATA_DIR: tempDir(), WORKERS: "2" })).rejects.toThrow(/exited with 2[\s\S]*WORKERS above 1 needs DATABASE_URL/);
  }, START_TIMEOUT_MS);

  it("a metrics endpoint reachable from other machines without a token: exit 2", async () => {
    await expect(startServerProcess({ DATA_DIR: tempDir(), METRICS_PORT: "0", METRICS_HOST: "0.0.0.0" })).rejects.toThrow(/exited with 2[\s\S]*set METRICS_TOKEN/);
  }, START_TIMEOUT_MS);
});

describe("the metrics endpoint of one process", () => {
  it("times requests by route template, counts actions by outcome, needs its token, names nobody", async () => {
    const port = await freePort();
    const r = await startServerProcess({ DATA_DIR: tempDir(), METRICS_PORT: String(port), METRICS_TOKEN: "scrape-secret" });
    running.push(r);
    const t = await token(r.base, "tiepnhan");
    const created = await intake(r.base, t);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id, code } = created.body.case;
    expect((await call(r.base, "GET", `/cases/${code}`, t)).status).toBe(200);
    const refused = await call(r.base, "POST", `/cases/${id}/actions`, t, { action: "no-such-action" });
    expect(refused.status).toBeGreaterThanOrEqual(400);

    expect((await scrape(port)).status).toBe(401);
    expect((await scrape(port, "wrong-secret-")).status).toBe(401);
    const { status, text } = await scrape(port, "scrape-secret");
    expect(status).toBe(200);
    expect(sample(text, "motcua_http_request_duration_seconds_count", { method: "GET", route: "/cases/:id", status: "200" })).toBe(1);
    expect(sample(text, "motcua_actions_total", { procedure: "civil-status.birth-registration", action: "intake", outcome: "accepted" })).toBe(1);
    expect(sample(text, "motcua_actions_total", { action: "(unknown)", outcome: "action.unknown" })).toBe(1);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^motcua_outbox_backlog\{state="pending"\} \d+/m);
    expect(text).toMatch(/^motcua_log_unsequenced_records \d+/m);
    // No case id, code or person reaches the scrape.
    for (const secret of [id, code, (birthDeclaration() as { child: { fullName: string } }).child.fullName, "tiepnhan"]) expect(text).not.toContain(secret);
  }, START_TIMEOUT_MS);
});

describe.skipIf(!admin)("WORKERS=2 on the PostgreSQL server", () => {
  let scratch: ScratchDatabase | undefined;
  afterAll(async () => {
    await stopAll(running.splice(0));
    await scratch?.drop();
  }, 60_000);

  it("two processes serve one port; the metrics add up across them; a killed worker is replaced", async () => {
    scratch = await createScratchDatabase(admin!, "workers");
    const port = await freePort();
    // No JWT_SECRET: the primary creates the development secret once, so a token from one worker works on the other.
    const r = await startServerProcess({ DATA_DIR: tempDir(), DATABASE_URL: scratch.url, WORKERS: "2", METRICS_PORT: String(port) });
    running.push(r);
    for (let i = 0; i < 100 && !/2 workers listening/.test(r.output()); i++) await new Promise((res) => setTimeout(res, 200));
    const primary = Number(/primary pid (\d+)/.exec(r.output())?.[1]);
    expect(workerPids(primary)).toHaveLength(2);

    // Twelve at once open several connections, which the primary deals out to both workers.
    const t = await token(r.base, "tiepnhan");
    const results = await Promise.all(Array.from({ length: 12 }, () => intake(r.base, t)));
    expect(results.map((x) => x.status)).toEqual(Array(12).fill(201));
    // The primary asks each worker for its figures; under load a worker may answer a scrape late
    // (prom-client's aggregator then fails that scrape), so the sum is asked for until it is there.
    await expect.poll(async () => sample((await scrape(port)).text, "motcua_actions_total", { procedure: "civil-status.birth-registration", action: "intake", outcome: "accepted" }), { timeout: 20_000 }).toBe(12);
    const { text } = await scrape(port);
    expect(sample(text, "motcua_http_request_duration_seconds_count", { method: "POST", route: "/cases", status: "201" })).toBe(12);

    const [victim] = workerPids(primary);
    process.kill(victim!, "SIGKILL");
    // The other worker keeps answering while the primary starts a replacement. A kept-alive
    // connection the killed worker held is reset, as for any client of a killed process: retried
    // on a new connection, the request reaches the other worker.
    const retried = async <T>(f: () => Promise<T>): Promise<T> => {
      for (let i = 0; ; i++) {
        try {
          return await f();
        } catch (e) {
          if (i >= 3 || !(e instanceof TypeError)) throw e;
        }
      }
    };
    expect((await retried(() => call(r.base, "GET", "/health"))).status).toBe(200);
    let pids: number[] = [];
    for (let i = 0; i < 300; i++) {
      pids = workerPids(primary);
      if (pids.length === 2 && !pids.includes(victim!)) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    expect(pids).toHaveLength(2);
    expect(pids).not.toContain(victim);
    expect((await retried(() => intake(r.base, t))).status).toBe(201);
  }, 4 * START_TIMEOUT_MS);
});
