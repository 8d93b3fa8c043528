// End-to-end HTTP throughput on PostgreSQL, measured against the database's own raw rate.
//
// 1. A fresh database on the PostgreSQL server (BENCH_DATABASE_URL), migrated, with the catalog,
//    the demo officials and a test PKI (signer certificate registered), served by a real motcua
//    HTTP server on 127.0.0.1 — by default in a child process (BENCH_SERVER=child), so the load
//    generator does not share the server's event loop; BENCH_SERVER=inprocess keeps it here.
// 2. BENCH_CLIENTS (8) concurrent clients run whole birth registrations with fetch (keep-alive):
//    intake, accept, record, witness-book-signature, GET signing-payload, sign (JWS), return-result,
//    archive. One login per role. Every POST is timed; warm-up BENCH_WARMUP_SECONDS (3), then
//    BENCH_SECONDS (20) measured.
// 3. pgbench -i -s 10 into a scratch database, then pgbench -N -c <clients> -j 2 -T <seconds>.
// Reported: actions/s, lifecycles/s, action latency percentiles, errors, pgbench TPS and latency,
// and motcua actions/s ÷ pgbench TPS. Scratch databases are dropped whatever happens.
//
// Run alone: `npx tsx bench/http.ts`, or through `npm run bench`. BENCH_PROFILE=1 also writes a
// V8 CPU profile of the server child under $TMPDIR/motcua-bench-profiles/; BENCH_SQL=1 lists the
// statements each request kind sends.
import { execFile, fork, type ChildProcess } from "node:child_process";
import { randomBytes, webcrypto } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { PkiBuilder, EC_P256, type Issued } from "../server/pki/builder.js";
import { DEMO_PASSWORD } from "../server/seed.js";
import { signJws } from "../test/support/pki.js";
import { birthDeclaration, birthDocuments } from "../test/support/server.js";
import { startBenchServer, type BenchPki, type BenchServer, type ServerReport } from "./support/motcua-server.js";
import { startClusterServer } from "./support/cluster-server.js";
import { PgStatements } from "./support/pg-statements.js";
import { birthHandover } from "../test/support/birth.js";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../", import.meta.url));

const env = (name: string, fallback: number): number => {
  const v = process.env[name];
  const n = v === undefined || v === "" ? fallback : Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got '${v}'`);
  return n;
};

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

// ---------------------------------------------------------------------------------------------
// Databases

async function adminQuery(adminUrl: string, sql: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

function dbUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function createDatabase(adminUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await adminQuery(adminUrl, `create database ${name}`);
  return name;
}

// ---------------------------------------------------------------------------------------------
// Where the machine's CPU goes (Linux /proc; zeros elsewhere): the whole box and PostgreSQL's processes.

const TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on

interface CpuSnapshot {
  busyMs: number;
  totalMs: number;
  postgresMs: number;
}

async function cpuSnapshot(): Promise<CpuSnapshot> {
  try {
    const stat = (await readFile("/proc/stat", "utf8")).split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (stat[3] ?? 0) + (stat[4] ?? 0);
    const total = stat.slice(0, 8).reduce((a, b) => a + b, 0);
    let postgres = 0;
    for (const pid of await readdir("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      const line = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
      const close = line.lastIndexOf(")");
      if (close < 0 || !line.slice(line.indexOf("(") + 1, close).startsWith("postgres")) continue;
      const f = line.slice(close + 2).split(" ");
      // utime, stime, cutime, cstime (fields 14-17): exited backends are added to the postmaster's cutime/cstime.
      postgres += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    }
    return { busyMs: (total - idle) * TICK_MS, totalMs: total * TICK_MS, postgresMs: postgres * TICK_MS };
  } catch {
    return { busyMs: 0, totalMs: 0, postgresMs: 0 };
  }
}

// ---------------------------------------------------------------------------------------------
// The server, here or in a child process

async function serverInChild(databaseUrl: string, pki: BenchPki, profileDir: string | undefined, sqlTally: boolean): Promise<BenchServer> {
  const execArgv = ["--import", "tsx", ...(profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [])];
  const child: ChildProcess = fork(fileURLToPath(new URL("./support/motcua-server.ts", import.meta.url)), [], {
    cwd: REPO,
    execArgv,
    env: { ...process.env, LOG_LEVEL: "silent" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiters: Array<{ key: string; resolve: (v: unknown) => void; reject: (e: Error) => void }> = [];
  const fail = (e: Error) => {
    for (const w of waiters.splice(0)) w.reject(e);
  };
  child.on("message", (m: Record<string, unknown>) => {
    if ("error" in m) return fail(new Error(`bench server: ${String(m.error)}`));
    const i = waiters.findIndex((w) => w.key in m);
    if (i >= 0) {
      const w = waiters.splice(i, 1)[0]!;
      w.resolve(m[w.key]);
    }
  });
  child.on("exit", (code) => fail(new Error(`bench server exited with code ${code}`)));
  const ask = <T>(msg: unknown, key: string) =>
    new Promise<T>((resolve, reject) => {
      waiters.push({ key, resolve: resolve as (v: unknown) => void, reject });
      child.send(msg as never);
    });
  let url: string;
  try {
    url = await ask<string>({ start: { databaseUrl, pki, sqlTally } }, "ready");
  } catch (e) {
    child.kill();
    throw e;
  }
  return {
    url,
    mark: () => ask<boolean>("mark", "marked").then(() => undefined),
    report: () => ask<ServerReport>("report", "report"),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      await ask<boolean>("close", "closed").catch(() => child.kill());
      // The profile is written at exit; give it a moment, then insist.
      const timer = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The load

interface Sample {
  kind: string;
  ms: number;
}

interface Load {
  samples: Sample[];
  payloadMs: number[];
  lifecycles: number;
  errors: Map<string, number>;
  clientSignMs: number;
  clientSigns: number;
}

type Phase = "warmup" | "measure" | "stop";

async function runClients(base: string, signer: Issued, tokens: Record<string, string>, clients: number, phase: () => Phase): Promise<Load> {
  const load: Load = { samples: [], payloadMs: [], lifecycles: 0, errors: new Map(), clientSignMs: 0, clientSigns: 0 };
  // A different child each lifecycle: the same one would be a possible duplicate from the second
  // intake on, and the bench would measure the confirmed-duplicate path instead of the usual one.
  const declaration = (n: number) => {
    const d = birthDeclaration() as { child: { fullName: string } };
    d.child.fullName = `Nguyễn Minh An ${n}`;
    return JSON.stringify(d);
  };
  let nextChild = 1;
  const documents = JSON.stringify(birthDocuments());

  class Failed extends Error {}

  const call = async (method: "GET" | "POST", path: string, token: string, kind: string, body?: string): Promise<any> => {
    const measured = phase() === "measure";
    const t = performance.now();
    let status = 0;
    let json: any;
    try {
      const res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
        body,
      });
      status = res.status;
      json = await res.json().catch(() => undefined);
    } catch (e) {
      status = -1;
      json = { detail: (e as Error).message };
    }
    const ms = performance.now() - t;
    // A request counts in the window when it both started and finished inside it.
    const inWindow = measured && phase() === "measure";
    if (status < 200 || status > 299) {
      // Errors are counted in warm-up too: none is acceptable.
      const key = `${kind} ${status === -1 ? "network" : status}`;
      load.errors.set(key, (load.errors.get(key) ?? 0) + 1);
      if (load.errors.size <= 3 && (load.errors.get(key) ?? 0) === 1) console.error(`bench: ${key}: ${JSON.stringify(json)?.slice(0, 300)}`);
      throw new Failed(key);
    }
    if (inWindow) {
      if (method === "POST") load.samples.push({ kind, ms });
      else load.payloadMs.push(ms);
    }
    return json;
  };

  const act = (id: string, token: string, action: string, extra: Record<string, unknown> = {}) =>
    call("POST", `/cases/${id}/actions`, token, action, JSON.stringify({ action, ...extra }));

  let nextEntry = 1; // register numbers are unique per unit and book
  const lifecycle = async () => {
    const created = await call("POST", "/cases", tokens.tiepnhan!, "intake", `{"procedureId":"civil-status.birth-registration","data":${declaration(nextChild++)},"documents":${documents}}`);
    const id = created.case.id as string;
    await act(id, tokens.tiepnhan!, "accept");
    await act(id, tokens.hotich!, "record", { data: { book: "01/2026", entryNumber: String(nextEntry++) } });
    await act(id, tokens.hotich!, "witness-book-signature", { data: { declarantSignedInPerson: true } });
    const p = await call("GET", `/cases/${id}/signing-payload`, tokens.chutich!, "signing-payload");
    const t = performance.now();
    const jws = await signJws(signer, new TextEncoder().encode(p.canonical as string));
    load.clientSignMs += performance.now() - t;
    load.clientSigns++;
    await act(id, tokens.chutich!, "sign", { signature: { format: "jws", jws } });
    await act(id, tokens.tiepnhan!, "return-result", { data: birthHandover() });
    const measured = phase() === "measure";
    await act(id, tokens.luutru!, "archive");
    if (measured && phase() === "measure") load.lifecycles++;
  };

  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (phase() !== "stop") {
        try {
          await lifecycle();
        } catch (e) {
          if (!(e instanceof Failed)) throw e;
          // Counted; start a new lifecycle rather than retrying this one.
        }
      }
    }),
  );
  return load;
}

async function login(base: string, username: string): Promise<string> {
  const r = await fetch(`${base}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  const body = (await r.json()) as { token?: string };
  if (r.status !== 200 || !body.token) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(body)}`);
  return body.token;
}

// ---------------------------------------------------------------------------------------------
// pgbench

async function pgbench(url: string, clients: number, seconds: number) {
  const t = performance.now();
  await run("pgbench", ["-i", "-s", "10", "-q", url], { maxBuffer: 16 << 20 });
  const initSeconds = (performance.now() - t) / 1000;
  const cpu0 = await cpuSnapshot();
  const { stdout } = await run("pgbench", ["-N", "-c", String(clients), "-j", "2", "-T", String(seconds), url], { maxBuffer: 16 << 20 });
  const cpu1 = await cpuSnapshot();
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
  const lat = /latency average = ([\d.]+) ms/.exec(stdout);
  const n = /number of transactions actually processed: (\d+)/.exec(stdout);
  if (!tps || !lat) throw new Error(`cannot parse pgbench output:\n${stdout}`);
  return { tps: Number(tps[1]), latencyMs: Number(lat[1]), transactions: Number(n?.[1] ?? NaN), initSeconds, cpu0, cpu1 };
}

// ---------------------------------------------------------------------------------------------

export async function benchHttp(): Promise<Record<string, string | number>> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const clients = Math.floor(env("BENCH_CLIENTS", 8));
  const seconds = env("BENCH_SECONDS", 20);
  const warmup = env("BENCH_WARMUP_SECONDS", 3);
  // BENCH_WORKERS=N: the real server (server/main.ts with WORKERS=N) instead of the instrumented child.
  const workers = process.env.BENCH_WORKERS ? Math.floor(env("BENCH_WORKERS", 1)) : undefined;
  const mode = workers ? "cluster" : ((process.env.BENCH_SERVER ?? "child") as "child" | "inprocess");
  if (mode !== "child" && mode !== "inprocess" && mode !== "cluster") throw new Error(`BENCH_SERVER must be 'child' or 'inprocess', got '${mode}'`);
  // A V8 CPU profile of the server child (warm-up included), written when it exits.
  const profileDir = process.env.BENCH_PROFILE === "1" ? join(tmpdir(), "motcua-bench-profiles") : undefined;
  // Lists the statements each request kind sends (mean per request).
  const sqlTally = process.env.BENCH_SQL === "1";

  const load1 = loadavg()[0]!; // other work on the box skews every figure here
  const scratch: string[] = [];
  let server: BenchServer | undefined;
  try {
    // PKI as test/support/server.ts builds it; the client keeps the signer's private key.
    const crypto = webcrypto as unknown as Crypto;
    const builder = new PkiBuilder({ crypto, now: () => new Date("2026-01-01T00:00:00Z") });
    const ca = await builder.createRootCa({ subject: "CN=Test Government CA, C=VN", key: EC_P256 });
    const signer = await builder.createEndEntity(ca, { subject: "CN=Nguyễn Văn Chủ Tịch, C=VN", key: EC_P256 });
    const crl = await builder.createCrl(ca, { thisUpdate: new Date("2026-01-01T00:00:00Z"), nextUpdate: new Date("2027-01-01T00:00:00Z") });
    const pki: BenchPki = { trust: { anchors: [ca.pem], intermediates: [], crls: [crl.pem] }, signerPem: signer.pem };

    const appDb = await createDatabase(adminUrl, "motcua_bench");
    scratch.push(appDb);
    const appUrl = dbUrl(adminUrl, appDb);
    server = workers
      ? await startClusterServer({ databaseUrl: appUrl, pki, workers })
      : mode === "child" ? await serverInChild(appUrl, pki, profileDir, sqlTally) : await startBenchServer({ databaseUrl: appUrl, pki, sqlTally });

    const tokens: Record<string, string> = {};
    for (const u of ["tiepnhan", "hotich", "chutich", "luutru"]) tokens[u] = await login(server.url, u);

    let phase: "warmup" | "measure" | "stop" = "warmup";
    const loadDone = runClients(server.url, signer, tokens, clients, () => phase);
    loadDone.catch(() => (phase = "stop")); // awaited below; a crash must not skip the finally
    await new Promise((r) => setTimeout(r, warmup * 1000));
    const statements = await PgStatements.open(appUrl);
    await server.mark();
    await statements.reset();
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const box0 = await cpuSnapshot();
    phase = "measure";
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    phase = "stop";
    const windowS = (performance.now() - t0) / 1000;
    const clientElu = performance.eventLoopUtilization(elu0).utilization;
    const clientCpu = process.cpuUsage(cpu0);
    const box1 = await cpuSnapshot();
    const srv = await server.report();
    const load = await loadDone;
    const top = await statements.top(Math.max(1, load.samples.length));
    await server.close();
    server = undefined;

    const actions = load.samples.length;
    const lat = load.samples.map((s) => s.ms).sort((a, b) => a - b);
    const errors = [...load.errors.values()].reduce((a, b) => a + b, 0);
    const actionsPerS = actions / windowS;

    // Where the time goes, per POST kind: client-side latency vs server handler vs database.
    const perKind: Record<string, string | number> = {};
    const byKind = new Map<string, number[]>();
    for (const s of load.samples) (byKind.get(s.kind) ?? byKind.set(s.kind, []).get(s.kind)!).push(s.ms);
    for (const [kind, ms] of byKind) {
      ms.sort((a, b) => a - b);
      perKind[`action ${kind} p50 ms`] = round(percentile(ms, 50), 2);
    }
    const serverKinds: Record<string, string | number> = {};
    let postQueries = 0;
    let postRequests = 0;
    let postTx = 0;
    let postStandalone = 0;
    for (const [kind, k] of Object.entries(srv.kinds).sort()) {
      if (k.requests === 0) continue;
      if (k.sql) Object.entries(k.sql).forEach(([q, n], i) => (serverKinds[`  sql ${kind} #${i + 1}`] = `${round(n / k.requests, 2)}x ${q}`));
      serverKinds[`server ${kind}`] = `${k.requests} req, ${round(k.queries / k.requests, 1)} db round trips (${round(k.standalone / k.requests, 1)} standalone + ${round(k.transactions / k.requests, 1)} tx), handler ${round(k.handlerMs / k.requests, 2)} ms, of which db ${round(k.dbMs / k.requests, 2)} ms`;
      if (kind.startsWith("POST")) {
        postQueries += k.queries;
        postRequests += k.requests;
        postTx += k.transactions;
        postStandalone += k.standalone;
      }
    }
    const allReq = Object.values(srv.kinds).reduce((a, k) => a + k.requests, 0);
    const allHandler = Object.values(srv.kinds).reduce((a, k) => a + k.handlerMs, 0);
    const allDb = Object.values(srv.kinds).reduce((a, k) => a + k.dbMs, 0);

    // The database's raw rate on the same server, same client count.
    const pgDb = await createDatabase(adminUrl, "motcua_pgbench");
    scratch.push(pgDb);
    const pb = await pgbench(dbUrl(adminUrl, pgDb), clients, seconds);
    const { cpu0: pb0, cpu1: pb1 } = pb;
    const perPost = (ms: number) => round(ms / Math.max(1, actions), 2);
    const pbPerTx = (ms: number) => round(ms / Math.max(1, pb.transactions), 3);

    return {
      "server mode": workers ? `server/main.ts, WORKERS=${workers}` : mode === "child" ? "child process" : "in process",
      clients,
      "measured seconds": round(windowS, 2),
      "actions (POST)": actions,
      "actions/s": round(actionsPerS, 1),
      "lifecycles/s": round(load.lifecycles / windowS, 2),
      "action latency p50 ms": round(percentile(lat, 50), 2),
      "action latency p90 ms": round(percentile(lat, 90), 2),
      "action latency p99 ms": round(percentile(lat, 99), 2),
      "action latency max ms": round(lat.at(-1) ?? NaN, 2),
      "signing-payload GET p50 ms": round(percentile([...load.payloadMs].sort((a, b) => a - b), 50), 2),
      errors,
      "errors by action and status": errors === 0 ? "none" : [...load.errors].map(([k, n]) => `${k}: ${n}`).join(", "),
      ...perKind,
      "pgbench -N tps (excl. connection time)": round(pb.tps, 1),
      "pgbench latency average ms": pb.latencyMs,
      "pgbench init -s 10 seconds": round(pb.initSeconds, 1),
      "motcua actions/s ÷ pgbench tps": round(actionsPerS / pb.tps, 3),
      "db round trips per POST (incl. BEGIN/COMMIT)": round(postQueries / Math.max(1, postRequests), 2),
      "db transactions per POST": round(postTx / Math.max(1, postRequests), 2),
      "postgres transactions per POST (tx + standalone statements)": round((postTx + postStandalone) / Math.max(1, postRequests), 2),
      "server handler ms per request (mean)": round(allHandler / Math.max(1, allReq), 2),
      "server db-wait ms per request (mean)": round(allDb / Math.max(1, allReq), 2),
      "server event-loop utilisation": round(srv.elu, 3),
      "server CPU ms per POST": round(srv.cpuMs / Math.max(1, actions), 2),
      ...(srv.workerCpuMs !== undefined ? { "workers' CPU ms per POST (from /metrics)": round(srv.workerCpuMs / Math.max(1, actions), 2) } : {}),
      "client event-loop utilisation": round(mode !== "inprocess" ? clientElu : NaN, 3),
      "client CPU ms per POST": round((clientCpu.user + clientCpu.system) / 1000 / Math.max(1, actions), 2),
      "machine CPUs": cpus().length,
      "machine load average (1 min) at start": round(load1, 2),
      "machine CPU busy during motcua run (of all cores)": box1.totalMs > box0.totalMs ? `${round((100 * (box1.busyMs - box0.busyMs)) / (box1.totalMs - box0.totalMs), 1)}%` : "n/a",
      "postgres CPU ms per POST": perPost(box1.postgresMs - box0.postgresMs),
      "machine CPU ms per POST (everything)": perPost(box1.busyMs - box0.busyMs),
      "machine CPU busy during pgbench run (of all cores)": pb1.totalMs > pb0.totalMs ? `${round((100 * (pb1.busyMs - pb0.busyMs)) / (pb1.totalMs - pb0.totalMs), 1)}%` : "n/a",
      "postgres CPU ms per pgbench tx": pbPerTx(pb1.postgresMs - pb0.postgresMs),
      "machine CPU ms per pgbench tx (everything)": pbPerTx(pb1.busyMs - pb0.busyMs),
      ...(profileDir ? { "server CPU profile": profileDir } : {}),
      "client JWS signing ms per lifecycle": round(load.clientSignMs / Math.max(1, load.clientSigns), 3),
      ...serverKinds,
      ...Object.fromEntries(top.lines.map((l, i) => [`pg_stat_statements #${i}`, l])),
    };
  } finally {
    await server?.close().catch(() => {});
    for (const name of scratch) {
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`).catch((e) => console.error(`bench: could not drop ${name}: ${(e as Error).message}`));
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchHttp();
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(width)}  ${v}`);
}
