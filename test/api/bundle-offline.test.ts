// An evidence bundle exported for a signed birth registration verifies offline with the CLI and
// nothing else; the same bundle with one byte changed fails.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, type TestServer } from "../support/server.js";
import { birthRegistration, loginAll, type Tokens } from "../support/flows.js";

const run = promisify(execFile);
const CLI = new URL("../../server/cli/motcua.js", import.meta.url).pathname;

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, [CLI, ...args]);
    return { code: 0, out: r.stdout };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout + x.stderr };
  }
}

describe("offline verification of an evidence bundle", () => {
  let s: TestServer;
  let t: Tokens;
  const dir = mkdtempSync(join(tmpdir(), "motcua-bundle-"));
  let bundleFile = "";
  const keyFile = join(dir, "log-key.pem");
  const caFile = join(dir, "ca.pem");

  beforeAll(async () => {
    s = await startTestServer();
    t = await loginAll(s);
    const id = await birthRegistration(s, t);
    const b = await request(s.app).get(`/audit/cases/${id}/bundle`).set("authorization", `Bearer ${t.kiemtra}`);
    expect(b.status).toBe(200);
    bundleFile = join(dir, "bundle.json");
    writeFileSync(bundleFile, JSON.stringify(b.body, null, 2));
    const k = await request(s.app).get("/audit/log-key").set("authorization", `Bearer ${t.kiemtra}`);
    writeFileSync(keyFile, k.body.publicKeyPem);
    writeFileSync(caFile, s.pki.ca.pem);
  });
  afterAll(() => s?.close());

  it("verifies the exported bundle with no database", async () => {
    const r = await cli(["audit", "verify", bundleFile, "--checkpoint-key", keyFile, "--trust", caFile]);
    expect(r.out).toContain("RESULT: verified");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/#4 sign\s+ok\s+hash:ok link:ok state:ok row:ok seal:ok signature:ok inclusion:ok/);
  });

  it("fails when one byte of the bundle is changed, naming the entry", async () => {
    const text = readFileSync(bundleFile, "utf8");
    // Change one character of the recorded book entry number inside entry 2.
    const at = text.indexOf('"entryNumber": "7"');
    expect(at).toBeGreaterThan(0);
    const tampered = join(dir, "tampered.json");
    writeFileSync(tampered, text.slice(0, at) + '"entryNumber": "8"' + text.slice(at + '"entryNumber": "7"'.length));
    const r = await cli(["audit", "verify", tampered, "--checkpoint-key", keyFile]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/RESULT: FAILED - entry 2 \(record\)/);
  });

  it("refuses a checkpoint signed by another key", async () => {
    const other = join(dir, "other.pem");
    const { generateKeyPairSync } = await import("node:crypto");
    writeFileSync(other, generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }));
    const r = await cli(["audit", "verify", bundleFile, "--checkpoint-key", other]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("checkpoint: FAILED");
  });

  it("serves consistency proofs between checkpoints", async () => {
    const first = await request(s.app).get("/audit/checkpoints/latest").set("authorization", `Bearer ${t.kiemtra}`);
    await birthRegistration(s, t, "signed");
    const second = await request(s.app).post("/audit/checkpoints").set("authorization", `Bearer ${t.kiemtra}`);
    expect(second.body.size).toBeGreaterThan(first.body.size);
    const p = await request(s.app).get(`/audit/proofs/consistency?from=${first.body.size}&to=${second.body.size}`).set("authorization", `Bearer ${t.kiemtra}`);
    expect(p.status).toBe(200);
    const { verifyConsistency } = await import("../../engine/audit/merkle-verify.js");
    const { fromHex } = await import("../../engine/hash.js");
    expect(verifyConsistency(first.body.size, second.body.size, fromHex(first.body.rootHash), fromHex(second.body.rootHash), p.body.proof.map(fromHex))).toBe(true);
    const bad = await request(s.app).get(`/audit/proofs/consistency?from=5&to=${second.body.size + 10}`).set("authorization", `Bearer ${t.kiemtra}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe("/query/size");
  });
});
