// A real server process (server/main.ts under tsx, as `npm start` runs it) for tests of what only
// a whole process shows: restarts, signals, several processes on one database.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = join(ROOT, "node_modules/.bin/tsx");
// A cold start (tsx transpiles, PGlite starts, migrations, catalog, development PKI and TSA) took
// 10-47 s on a 2-core machine shared with other test runs; CI gets the same machine to itself.
export const START_TIMEOUT_MS = 120_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Running {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm start`'s program as a child process on a free port; `vars` set DATA_DIR, DATABASE_URL, ... (unset ones are removed, so PGlite is the default). */
export async function startServerProcess(vars: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent" };
  for (const k of ["DATABASE_URL", "JWT_SECRET", "OIDC_ISSUER", "OIDC_JWKS_URL", "OIDC_AUDIENCE", "OIDC_USERNAME_CLAIM"]) delete env[k];
  Object.assign(env, vars);
  // Its own process group, so that afterAll can end tsx and the node process it runs together.
  const child = spawn(TSX, ["server/main.ts"], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    try {
      const r = await fetch(`${base}/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, base, output: () => out, exited };
}

export function killGroup(r: Running | undefined, signal: NodeJS.Signals): void {
  if (!r || r.child.exitCode !== null || r.child.pid === undefined) return;
  try {
    process.kill(-r.child.pid, signal);
  } catch {
    // already gone
  }
}

/** Ends every process a test started (SIGKILL to each group) and waits up to 5 s for each to go. */
export async function stopAll(running: Running[]): Promise<void> {
  for (const r of running) {
    killGroup(r, "SIGKILL");
    await Promise.race([r.exited, new Promise((res) => setTimeout(res, 5000))]);
  }
}

export async function call(base: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, body: await r.json() };
}

