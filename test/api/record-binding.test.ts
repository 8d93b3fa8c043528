// The record proves the dossier itself (issue 11's reproduction): an archived birth case whose
// dossier is edited directly in the database, or inside a downloaded evidence bundle, fails every
// verifier (the auditor's API, the public result check, the offline CLI), each naming the field;
// and the public check's answer lets a bank clerk compare the paper with what was signed, with a
// proof their own browser can check.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { webcrypto } from "node:crypto";
import { startTestServer, type TestServer } from "../support/server.js";
import { birthRegistration, loginAll, type Tokens } from "../support/flows.js";
import { KINDS } from "../support/http.js";
import type { AuditEntry } from "../../engine/case.js";
import type { BundleReport } from "../../engine/audit/bundle-verify.js";
import { verifyPublicProof, type PublicProof } from "../../engine/audit/public-proof.js";

const run = promisify(execFile);
const CLI = new URL("../../server/cli/motcua.js", import.meta.url).pathname;

describe.each(KINDS)("the record binds the dossier on %s", (kind) => {
  let s: TestServer;
  let t: Tokens;
  const dir = mkdtempSync(join(tmpdir(), "motcua-binding-"));
  const keyFile = join(dir, "log-key.pem");
  const caFile = join(dir, "ca.pem");
  beforeAll(async () => {
    s = await startTestServer({ kind });
    t = await loginAll(s);
    writeFileSync(keyFile, s.tlog.key.publicKeyPem);
    writeFileSync(caFile, s.pki.ca.pem);
  });
  afterAll(() => s?.close());

  const auditor = () => ({ authorization: `Bearer ${t.kiemtra}` });
  const verify = async (id: string): Promise<BundleReport> => (await request(s.app).post(`/audit/cases/${id}/verify`).set(auditor()).expect(200)).body;
  const printed = async (id: string) => {
    const h = await request(s.app).get(`/cases/${id}/history`).set("authorization", `Bearer ${t.chutich}`);
    return { code: h.body.case.code as string, digest: (h.body.entries as AuditEntry[]).find((e) => e.action === "sign")!.signature!.payloadDigest };
  };
  const cli = async (bundle: unknown): Promise<{ code: number; out: string }> => {
    const file = join(dir, `bundle-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(bundle));
    try {
      return { code: 0, out: (await run(process.execPath, [CLI, "audit", "verify", file, "--checkpoint-key", keyFile, "--trust", caFile])).stdout };
    } catch (e) {
      const x = e as { code: number; stdout: string };
      return { code: x.code, out: x.stdout };
    }
  };
  const exported = async (id: string) => (await request(s.app).get(`/audit/cases/${id}/bundle`).set(auditor()).expect(200)).body;

  it("an untouched archived case verifies everywhere", async () => {
    const id = await birthRegistration(s, t);
    expect((await verify(id)).ok).toBe(true);
    const { code, digest } = await printed(id);
    expect((await request(s.app).get(`/public/results/${code}/${digest}`)).body.verification.record).toBe("passed");
    const r = await cli(await exported(id));
    expect(r.out).toContain("RESULT: verified");
    expect(r.code).toBe(0);
  });

  it("a dossier edited in the database fails the auditor's check, the public check and the offline CLI, naming the fields", async () => {
    const id = await birthRegistration(s, t);
    await verify(id);
    await s.db.query(
      `update cases set data = jsonb_set(jsonb_set(data, '{child,fullName}', '"Nguyễn Minh Ân"'), '{mother,personalId}', '"001195099999"') where id = $1`,
      [id],
    );
    const report = await verify(id);
    expect(report.ok).toBe(false);
    const fields = report.findings.filter((f) => f.reason === "case.field-mismatch").map((f) => f.params);
    // Both edits, each with the column and the entry where the row and the chain part (the intake).
    expect(fields).toEqual([
      { pointer: "/data/child/fullName", column: "cases.data", seq: 0 },
      { pointer: "/data/mother/personalId", column: "cases.data", seq: 0 },
    ]);
    expect(report.firstFailure).toContain("/data/child/fullName");

    const { code, digest } = await printed(id);
    const pub = (await request(s.app).get(`/public/results/${code}/${digest}`)).body;
    expect(pub.verification).toMatchObject({ ok: false, record: "failed" });

    const r = await cli(await exported(id));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/RESULT: FAILED - \/data\/child\/fullName differs from what entry 0 recorded/);
  });

  it("a name changed inside a downloaded bundle fails offline, naming the field", async () => {
    const id = await birthRegistration(s, t);
    const bundle = await exported(id);
    bundle.case.data.child.fullName = "Lê Văn Giả";
    const r = await cli(bundle);
    expect(r.code).toBe(1);
    expect(r.out).toContain("/data/child/fullName");
    // Changing the recorded change as well breaks the entry's hash (and its seal).
    bundle.entries[0].entry.changes[0].value.data.child.fullName = "Lê Văn Giả";
    const again = await cli(bundle);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/#0 intake\s+FAILED\s+hash:FAILED/);
  });

  it("the public answer shows the signed facts and a proof the reader checks without trusting the server", async () => {
    const id = await birthRegistration(s, t);
    await s.tlog.publishCheckpoint(s.now);
    const { code, digest } = await printed(id);
    const pub = (await request(s.app).get(`/public/results/${code}/${digest}`)).body;
    expect(pub.facts.find((f: { id: string }) => f.id === "child").value).toBe("N*** M*** An");
    const key = (await request(s.app).get("/public/log-key").expect(200)).body;
    expect(key.verifierKey).toMatch(/^motcua\.test\/log\+[0-9a-f]{8}\+/);
    const logKey = { name: key.name as string, publicKey: new Uint8Array(Buffer.from(key.publicKey, "base64")) };
    const crypto = webcrypto as unknown as Crypto;
    const checked = await verifyPublicProof(pub.proof as PublicProof, digest, logKey, crypto);
    expect(checked).toMatchObject({ ok: true, facts: { child: "N*** M*** An", registerBook: "01/2026" } });
    // A server that changed a fact in its answer cannot make the proof hold: the digest on the paper decides.
    const lied = structuredClone(pub.proof) as PublicProof;
    lied.signedPayload.facts!.child = "T*** T*** Hoa";
    expect(await verifyPublicProof(lied, digest, logKey, crypto)).toMatchObject({ ok: false, reason: "proof.payload-digest" });
    // Nor can it point at another entry of the log.
    const moved = structuredClone(pub.proof) as PublicProof;
    moved.index = moved.index === 0 ? 1 : moved.index - 1;
    expect(await verifyPublicProof(moved, digest, logKey, crypto)).toMatchObject({ ok: false, reason: "proof.inclusion" });
  });
});
