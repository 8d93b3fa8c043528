// The README's five-minute tour is run as written against a real `npm start` server process, so
// the documentation cannot drift from the product.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";

const root = new URL("../../", import.meta.url).pathname;
const run = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function tourScript(readme: string): string {
  const section = readme.slice(readme.indexOf("## A five-minute tour"));
  const start = section.indexOf("```bash") + "```bash".length;
  return section.slice(start, section.indexOf("```", start));
}

describe("README tour", () => {
  let child: ChildProcess | undefined;
  const data = mkdtempSync(join(tmpdir(), "motcua-tour-"));
  let port = 0;

  beforeAll(async () => {
    port = await freePort();
    child = spawn(join(root, "node_modules/.bin/tsx"), ["server/main.ts"], {
      cwd: root,
      env: { ...process.env, DATA_DIR: data, PORT: String(port), LOG_LEVEL: "silent", DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (let i = 0; i < 240; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error("server did not start");
  }, 150_000);
  afterAll(() => {
    child?.kill("SIGTERM");
  });

  it("runs from intake to an offline-verified evidence bundle", async () => {
    const script = tourScript(readFileSync(join(root, "README.md"), "utf8"))
      .replace("URL=http://127.0.0.1:3000", `URL=http://127.0.0.1:${port}`)
      .replaceAll("data/dev-pki", join(data, "dev-pki"));
    const file = join(data, "tour.sh");
    writeFileSync(file, "set -euo pipefail\n" + script);
    const { stdout } = await run("bash", [file], { cwd: root, env: { ...process.env, PATH: `${join(root, "node_modules/.bin")}:${process.env.PATH}` }, timeout: 120_000 });
    // The appointment in the calendar's zone, as the citizen reads it on the slip (not UTC).
    expect(stdout).toMatch(/HS-\d{6}-[0-9A-Z]{6}: due \d{2}:\d{2} \d{1,2}\/\d{1,2}\/\d{2,4} \(Hanoi time\)/);
    expect(stdout).toContain("403 actor.role_not_permitted");
    expect(stdout).toMatch(/archived \(version 7\)/);
    expect(stdout).toMatch(/4 sign: ok/);
    // The development TSA timestamped the signature; the offline verifier re-validated the token.
    expect(stdout).toMatch(/timestamped \d{4}-\d{2}-\d{2}T.* by CN=motcua DEVELOPMENT TSA/);
    expect(stdout).toContain("RESULT: verified");
    expect(stdout).toMatch(/Sign the extract of Birth registration by CN=.*: VALID; Register book 01\/2026, Entry number \d+, Date of registration \d{4}-\d{2}-\d{2}, Child N\*\*\* M\*\*\* An, Year of birth 2026/);
    // The auditor's list of reads: the officials who opened the dossier, each read sealed.
    expect(stdout).toMatch(/ o-chutich GET \/cases\/\{id\}\/signing-payload sealed/);
    expect(stdout).not.toContain("ALTERED");
  }, 150_000);
});
