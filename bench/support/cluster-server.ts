// The server side of bench/http.ts with BENCH_WORKERS=N: `server/main.ts` itself, as an operator
// runs it (WORKERS=N on the PostgreSQL server, scheduler and checkpoints on), with the bench's
// test CA as its trust directory and the signer's certificate registered through the API. Its
// CPU is read from /proc for the whole process tree (the primary deals connections out, which
// costs CPU too) and from its own metrics endpoint for the workers.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_PASSWORD } from "../../server/seed.js";
import type { BenchPki, BenchServer } from "./motcua-server.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const TICK_MS = 10;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** CPU ms (user + system) of `root` and every live descendant. */
function treeCpuMs(root: number): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let line: string;
    try {
      line = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue;
    }
    const f = line.slice(line.lastIndexOf(")") + 2).split(" ");
    parent.set(Number(name), Number(f[1]));
    cpu.set(Number(name), (Number(f[11]) + Number(f[12])) * TICK_MS);
  }
  let total = 0;
  for (const [pid, ms] of cpu) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        total += ms;
        break;
      }
    }
  }
  return total;
}

async function metricSum(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text.split("\n").filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`)).reduce((a, l) => a + Number(l.split(" ").at(-1)), 0);
}

export async function startClusterServer(o: { databaseUrl: string; pki: BenchPki; workers: number }): Promise<BenchServer & { metricsPort: number }> {
  const dir = mkdtempSync(join(tmpdir(), "motcua-bench-cluster-"));
  const trustDir = join(dir, "trust");
  for (const [sub, pems] of [["anchors", o.pki.trust.anchors], ["crls", o.pki.trust.crls]] as const) {
    mkdirSync(join(trustDir, sub), { recursive: true });
    pems.forEach((pem, i) => writeFileSync(join(trustDir, sub, `${i}.pem`), pem));
  }
  const [port, metricsPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    DATABASE_URL: o.databaseUrl,
    WORKERS: String(o.workers),
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    DATA_DIR: join(dir, "data"),
    TRUST_DIR: trustDir,
    JWT_SECRET: "bench-secret-bench-secret-bench-secret",
    OCSP_FETCH: "off",
    LOG_LEVEL: "silent",
  };
  const child = spawn(join(REPO, "node_modules/.bin/tsx"), ["server/main.ts"], { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b));
  child.stderr.on("data", (b: Buffer) => (out += b));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
      if (i > 600) throw new Error(`server did not start in 120 s:\n${out}`);
      const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
      if (ok && (o.workers === 1 || new RegExp(`${o.workers} workers listening`).test(out))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const login = await (await fetch(`${url}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "quantri", password: DEMO_PASSWORD }) })).json() as { token: string };
    const reg = await fetch(`${url}/officials/o-chutich/certificates`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${login.token}` }, body: JSON.stringify({ certificate: o.pki.signerPem }) });
    if (reg.status !== 201) throw new Error(`registering the signer's certificate: ${reg.status} ${await reg.text()}`);
  } catch (e) {
    await stop();
    throw e;
  }
  let cpu0 = 0;
  let metricsCpu0 = 0;
  let t0 = 0;
  return {
    url,
    metricsPort,
    async mark() {
      cpu0 = treeCpuMs(child.pid!);
      metricsCpu0 = await metricSum(metricsPort, "process_cpu_seconds_total");
      t0 = performance.now();
    },
    async report() {
      const cpuMs = treeCpuMs(child.pid!) - cpu0;
      const workerCpuMs = ((await metricSum(metricsPort, "process_cpu_seconds_total")) - metricsCpu0) * 1000;
      // No per-request database tally here (that instrumentation lives in motcua-server.ts's own wiring).
      return { kinds: {}, elu: NaN, cpuMs, windowMs: performance.now() - t0, workerCpuMs };
    },
    close: stop,
  };
}
