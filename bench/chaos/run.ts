// `npm run chaos -- [--mode reset|stall] [--seconds 180] [--clients 6] [--kill alternate|a]`: the fault harness.
//
// Two real server processes (`npm start`'s program) share one PostgreSQL database, reached through
// a TCP proxy this harness controls; clients run whole birth registrations against both, retrying
// every write with its Idempotency-Key. For --seconds:
// - the link breaks: `reset` resets every connection for 3 s every 15 s; `stall` forwards nothing
//   for 15 s every 30 s (longer than the statement timeout, so requests must give up with 503);
// - every 10 s a server is SIGKILLed and started again: in turn (--kill alternate, the default in
//   reset mode) or always server A (--kill a, the default in stall mode).
// Then the faults stop, the lifecycles under way finish, and the harness prints lifecycles
// completed, lost and duplicated, 5xx answers by code, the longest request, process exits it did
// not cause, and the audit verification of every case. Exit code 1 when any of those is wrong.
// Needs the PostgreSQL server (CHAOS_DATABASE_URL, default the local one); a scratch database is
// created and dropped.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startTcpProxy } from "../../test/support/tcp-proxy.js";
import { killGroup, startServerProcess, type Running } from "../../test/support/process.js";
import { DEMO_PASSWORD } from "../../server/seed.js";
import { birthLifecycle, newTally, signerFrom, type Cluster, type Tokens } from "./lifecycle.js";

const { values: args } = parseArgs({ options: { mode: { type: "string", default: "reset" }, seconds: { type: "string", default: "180" }, clients: { type: "string", default: "6" }, kill: { type: "string" } } });
const mode = args.mode as "reset" | "stall";
if (mode !== "reset" && mode !== "stall") throw new Error("--mode is reset or stall");
// Which server the SIGKILLs hit. A server started during a stall cannot come up before it ends, so
// killing both in turn would leave none up through a stall and no request would meet its timeout:
// in stall mode server B is spared by default, and its requests show what a stall does.
const killWhich = (args.kill ?? (mode === "stall" ? "a" : "alternate")) as "a" | "alternate";
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const KILL_EVERY_MS = 10_000;
const FAULT = mode === "reset" ? { everyMs: 15_000, forMs: 3_000 } : { everyMs: 30_000, forMs: 15_000 };
const DRAIN_MS = 180_000;
const admin = process.env.CHAOS_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const dbName = `motcua_chaos_${Date.now().toString(36)}`;
const direct = new URL(admin);
direct.pathname = `/${dbName}`;
await adminQuery(`create database ${dbName}`);
const dataDir = mkdtempSync(join(tmpdir(), "motcua-chaos-"));
const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
const through = new URL(direct);
through.hostname = "127.0.0.1";
through.port = String(proxy.port);
const env = { DATABASE_URL: through.toString(), DATA_DIR: dataDir, JWT_SECRET: "chaos-secret-chaos-secret-chaos-secret", LOG_LEVEL: "warn", CHECKPOINT_INTERVAL_SECONDS: "5" };

interface Slot {
  name: string;
  running?: Running;
  /** Set just before the harness kills it: its exit is not a failure. */
  killing: boolean;
  starts: number;
}
const slots: Slot[] = [{ name: "A", killing: false, starts: 0 }, { name: "B", killing: false, starts: 0 }];
const unexpectedExits: string[] = [];
let stopping = false;

async function start(slot: Slot): Promise<void> {
  for (;;) {
    try {
      const r = await startServerProcess(env);
      slot.running = r;
      slot.killing = false;
      slot.starts++;
      void r.exited.then((exit) => {
        if (slot.running === r) slot.running = undefined;
        if (!slot.killing && !stopping) {
          unexpectedExits.push(`${slot.name}: ${JSON.stringify(exit)}\n${r.output().slice(-3000)}`);
          log(`server ${slot.name} exited on its own: ${JSON.stringify(exit)}`);
          void start(slot);
        }
      });
      return;
    } catch (e) {
      // Did not become healthy: a start that failed is an exit the harness did not cause.
      unexpectedExits.push(`${slot.name} start: ${(e as Error).message.slice(0, 3000)}`);
      log(`server ${slot.name} failed to start`);
      if (stopping) return;
    }
  }
}

async function kill(slot: Slot): Promise<void> {
  const r = slot.running;
  if (!r) return;
  slot.killing = true;
  slot.running = undefined;
  killGroup(r, "SIGKILL");
  await r.exited;
}

const cluster: Cluster = {
  up: () => slots.flatMap((s) => (s.running ? [s.running.base] : [])),
  running: () => Date.now() < drainDeadline,
};
let drainDeadline = Infinity;

async function login(username: string): Promise<string> {
  for (;;) {
    const base = cluster.up()[0];
    if (base) {
      const r = await fetch(`${base}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) }).catch(() => undefined);
      if (r?.ok) return ((await r.json()) as { token: string }).token;
    }
    await sleep(500);
  }
}

let exitCode = 0;
try {
  log(`mode ${mode}, ${SECONDS} s, ${CLIENTS} clients; database ${dbName} through proxy :${proxy.port}`);
  await start(slots[0]!); // first alone: it creates the log key and the development PKI
  await start(slots[1]!);
  const tokens: Tokens = { reception: await login("tiepnhan"), civilStatus: await login("hotich"), signer: await login("chutich"), archivist: await login("luutru") };
  const pki = join(dataDir, "dev-pki", "officials");
  const signer = signerFrom(readFileSync(join(pki, "chutich.key.pem"), "utf8"), readFileSync(join(pki, "chutich.cert.pem"), "utf8"));

  const tally = newTally();
  const started = Date.now();
  const faultsUntil = started + SECONDS * 1000;
  let lifecycles = 0;
  let entries = 0;
  const completed: string[] = [];
  let faults = 0;
  let kills = 0;

  const clients = Array.from({ length: CLIENTS }, async (_, w) => {
    void w;
    while (Date.now() < faultsUntil) {
      lifecycles++;
      const id = await birthLifecycle(cluster, tally, tokens, signer, String(++entries));
      if (id) completed.push(id);
    }
  });
  const faultLoop = (async () => {
    while (Date.now() + FAULT.everyMs < faultsUntil) {
      await sleep(FAULT.everyMs - FAULT.forMs);
      faults++;
      log(`fault ${faults}: ${mode} for ${FAULT.forMs / 1000} s`);
      if (mode === "reset") await proxy.reset();
      else await proxy.stall();
      await sleep(FAULT.forMs);
      await proxy.restore();
    }
  })();
  const killLoop = (async () => {
    for (let i = 0; Date.now() + KILL_EVERY_MS < faultsUntil; i++) {
      await sleep(KILL_EVERY_MS);
      const slot = slots[killWhich === "a" ? 0 : i % 2]!;
      if (!slot.running) continue; // still starting from the last kill
      kills++;
      log(`SIGKILL server ${slot.name}`);
      await kill(slot);
      void start(slot);
    }
  })();
  await Promise.all([faultLoop, killLoop]);
  await proxy.restore();
  log(`faults over; letting the lifecycles under way finish`);
  drainDeadline = Date.now() + DRAIN_MS;
  while (cluster.up().length < 2 && Date.now() < drainDeadline) await sleep(200);
  await Promise.all(clients);

  // Counted at the source, over a direct connection.
  const db = new pg.Client({ connectionString: direct.toString() });
  await db.connect();
  const cases = (await db.query<{ id: string; entries: number }>("select c.id, count(a.*)::int as entries from cases c left join audit_entries a on a.case_id = c.id group by c.id")).rows;
  const registers = (await db.query<{ n: number }>("select count(*)::int as n from register_entries")).rows[0]!.n;
  await db.end();
  const known = new Set(completed);
  const duplicated = cases.filter((c) => !known.has(c.id)).length + cases.filter((c) => c.entries !== 7).length + Math.max(0, registers - cases.length);

  // Every case's audit trail, verified by the server (hash chain, seals, signature, inclusion).
  const auditor = await login("kiemtra");
  let verified = 0;
  const failedVerification: string[] = [];
  for (const c of cases) {
    const r = await fetch(`${cluster.up()[0]}/audit/cases/${c.id}/verify`, { method: "POST", headers: { authorization: `Bearer ${auditor}` } });
    const report = (await r.json()) as { ok?: boolean; entries?: Array<{ ok: boolean }> };
    if (r.ok && report.ok !== false && report.entries?.length === c.entries && report.entries.every((e) => e.ok)) verified++;
    else failedVerification.push(`${c.id}: ${r.status} ${JSON.stringify(report).slice(0, 300)}`);
  }

  const lost = lifecycles - completed.length;
  const figures = {
    mode,
    "run seconds (faults)": SECONDS,
    clients: CLIENTS,
    [`link faults (${mode} ${FAULT.forMs / 1000} s)`]: faults,
    [`SIGKILLs (${killWhich === "a" ? "server A" : "A and B in turn"})`]: kills,
    "server starts": slots[0]!.starts + slots[1]!.starts,
    "process exits not caused by the harness": unexpectedExits.length,
    "lifecycles completed": completed.length,
    "lifecycles lost": lost,
    "duplicated (cases, entries, register lines)": duplicated,
    requests: tally.requests,
    "5xx answers": [...tally.serverErrors.values()].reduce((a, b) => a + b, 0),
    "5xx by code": [...tally.serverErrors].map(([k, v]) => `${k}: ${v}`).join(", ") || "none",
    "5xx not problem+json": tally.serverErrorsNotProblem,
    "409 in_progress (retried)": tally.inProgress,
    "connection errors (killed or starting server)": tally.networkErrors,
    "other refusals": tally.unexpected.length,
    "longest request": `${(tally.longestMs / 1000).toFixed(1)} s (${tally.longest})`,
    "cases verified": `${verified} of ${cases.length}`,
  };
  console.table(figures);
  for (const u of tally.unexpected.slice(0, 10)) console.log(`refusal: ${u}`);
  for (const t of tally.trace ?? []) console.log(`trace: ${t}`);
  for (const e of unexpectedExits.slice(0, 5)) console.log(`exit: ${e}`);
  for (const f of failedVerification.slice(0, 5)) console.log(`verification: ${f}`);
  const only503 = [...tally.serverErrors.keys()].every((k) => k === "503 service.unavailable") && tally.serverErrorsNotProblem === 0;
  if (unexpectedExits.length || lost || duplicated || !only503 || tally.unexpected.length || failedVerification.length) exitCode = 1;
  console.log(exitCode === 0 ? "CHAOS: held" : "CHAOS: FAILED");
} finally {
  stopping = true;
  drainDeadline = 0;
  for (const s of slots) {
    s.killing = true;
    killGroup(s.running, "SIGKILL");
  }
  await proxy.close();
  await sleep(500);
  await adminQuery(`drop database if exists ${dbName} with (force)`).catch((e) => log(`drop failed: ${e}`));
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
