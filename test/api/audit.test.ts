// Tamper evidence: someone with write access to the database changes, removes, reorders,
// truncates, forges or swaps history; the auditor's verification names the entry every time.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { birthRegistration, loginAll, type Tokens } from "../support/flows.js";
import { hashEntry } from "../../engine/audit/entry.js";
import type { AuditEntry } from "../../engine/case.js";
import type { BundleReport } from "../../engine/audit/bundle-verify.js";
import { BIRTH_VERSION } from "../support/birth.js";

describe("audit verification against direct database tampering", () => {
  let s: TestServer;
  let t: Tokens;
  beforeAll(async () => {
    s = await startTestServer();
    t = await loginAll(s);
  });
  afterAll(() => s?.close());

  const verify = async (id: string): Promise<BundleReport> => {
    const r = await request(s.app).post(`/audit/cases/${id}/verify`).set("authorization", `Bearer ${t.kiemtra}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const entries = async (id: string) =>
    (await s.db.query<{ seq: number; entry: AuditEntry }>("select seq, entry from audit_entries where case_id = $1 order by seq", [id])).rows;
  const failedSeqs = (r: BundleReport) => r.entries.filter((e) => !e.ok).map((e) => e.seq);

  it("verifies an untouched signed case: every entry's hash, link, recorded changes, row, seal, signature and inclusion", async () => {
    const id = await birthRegistration(s, t);
    const r = await verify(id);
    expect(r.ok, r.firstFailure).toBe(true);
    expect(r.checkpoint.ok).toBe(true);
    expect(r.entries).toHaveLength(7);
    for (const e of r.entries) expect(e.checks.every((c) => c.ok)).toBe(true);
    const sign = r.entries.find((e) => e.action === "sign")!;
    expect(sign.checks.map((c) => c.check)).toEqual(["hash", "link", "state", "row", "seal", "signature", "inclusion"]);
    expect(r.findings).toEqual([]);
  });

  it("names the entry whose field was changed", async () => {
    const id = await birthRegistration(s, t);
    await verify(id); // logged and checkpointed before the attack
    await s.db.query("update audit_entries set entry = jsonb_set(entry, '{input,entryNumber}', '\"999\"') where case_id = $1 and seq = 2", [id]);
    const r = await verify(id);
    expect(r.ok).toBe(false);
    expect(failedSeqs(r)).toEqual([2]);
    expect(r.entries[2]!.checks.find((c) => c.check === "hash")).toMatchObject({ ok: false, reason: "hash.changed" });
    expect(r.firstFailure).toMatch(/^entry 2 \(record\)/);
  });

  it("names a deleted entry from the log, and the broken link after it", async () => {
    const id = await birthRegistration(s, t);
    await verify(id);
    await s.db.query("delete from audit_entries where case_id = $1 and seq = 3", [id]);
    const r = await verify(id);
    expect(r.ok).toBe(false);
    expect(r.problems.some((p) => p.startsWith("entry 3 is missing"))).toBe(true);
    expect(r.findings).toContainEqual(expect.objectContaining({ reason: "case.entry-missing", params: { seq: 3, index: expect.any(Number), table: "audit_entries" } }));
    expect(r.entries.find((e) => e.action === "sign")!.checks.find((c) => c.check === "link")).toMatchObject({ ok: false, reason: "link.broken" });
  });

  it("detects two entries swapped", async () => {
    const id = await birthRegistration(s, t);
    await verify(id);
    const rows = await entries(id);
    await s.db.query("update audit_entries set entry = $3 where case_id = $1 and seq = $2", [id, 1, JSON.stringify(rows[2]!.entry)]);
    await s.db.query("update audit_entries set entry = $3 where case_id = $1 and seq = $2", [id, 2, JSON.stringify(rows[1]!.entry)]);
    const r = await verify(id);
    expect(r.ok).toBe(false);
    expect(failedSeqs(r)).toEqual(expect.arrayContaining([1, 2]));
  });

  it("detects a truncated tail even when the case row is rewritten to match", async () => {
    const id = await birthRegistration(s, t);
    await verify(id);
    const rows = await entries(id);
    await s.db.query("delete from audit_entries where case_id = $1 and seq >= 5", [id]);
    await s.db.query("update cases set seq = 5, audit_head = $2 where id = $1", [id, rows[4]!.entry.hash]);
    const r = await verify(id);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^entry 5 is missing/), expect.stringMatching(/^entry 6 is missing/)]));
  });

  it("refuses a forged entry appended with correct hashes but no server seal", async () => {
    const id = await birthRegistration(s, t, "signed");
    await verify(id);
    const rows = await entries(id);
    const last = rows.at(-1)!.entry;
    const { hash: _h, ...forgedBody } = { ...last, seq: last.seq + 1, prevHash: last.hash, action: "return-result", from: "result-ready", to: "returned", at: "2026-03-02T03:00:00.000Z" };
    delete (forgedBody as Partial<AuditEntry>).signature;
    delete (forgedBody as Partial<AuditEntry>).signedPayload;
    const forged = { ...forgedBody, hash: hashEntry(forgedBody) };
    await s.db.query(
      "insert into audit_entries (case_id, seq, province, unit, actor_id, action, procedure, at, hash, prev_hash, entry) select case_id, $2, province, unit, actor_id, 'return-result', procedure, at, $3, $4, $5 from audit_entries where case_id = $1 and seq = $6",
      [id, forged.seq, forged.hash, forged.prevHash, JSON.stringify(forged), last.seq],
    );
    await s.db.query("update cases set seq = seq + 1, audit_head = $2 where id = $1", [id, forged.hash]);
    const r = await verify(id);
    expect(r.ok).toBe(false);
    const bad = r.entries.find((e) => e.seq === forged.seq)!;
    expect(bad.checks.find((c) => c.check === "seal")).toMatchObject({ ok: false, reason: "seal.missing" });
    expect(failedSeqs(r)).toEqual([forged.seq]);
  });

  it("detects a signature swapped in from another case", async () => {
    const a = await birthRegistration(s, t);
    const b = await birthRegistration(s, t);
    await verify(a);
    const signOfB = (await entries(b)).find((x) => x.entry.action === "sign")!.entry;
    const signSeq = (await entries(a)).find((x) => x.entry.action === "sign")!.seq;
    await s.db.query("update audit_entries set entry = jsonb_set(entry, '{signature}', $3::jsonb) where case_id = $1 and seq = $2", [a, signSeq, JSON.stringify(signOfB.signature)]);
    const r = await verify(a);
    expect(r.ok).toBe(false);
    expect(failedSeqs(r)).toEqual([signSeq]);
  });

  it("records procedure publications and certificate registrations as sealed registry entries in the log", async () => {
    const r = await request(s.app).get("/audit/registry/official:o-chutich").set("authorization", `Bearer ${t.kiemtra}`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((x: { entry: { action: string } }) => x.entry.action)).toEqual(["certificate.register"]);
    const p = await request(s.app).get("/audit/registry/procedure:civil-status.birth-registration").set("authorization", `Bearer ${t.kiemtra}`);
    expect(p.body.items[0].entry.data.version).toBe(BIRTH_VERSION);
    expect(p.body.items[0].logIndex).not.toBeNull();
  });

  it("is read-only for auditors and closed to other roles", async () => {
    const id = await birthRegistration(s, t, "signed");
    const r = await request(s.app).post(`/audit/cases/${id}/verify`).set("authorization", `Bearer ${t.tiepnhan}`);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe("auth.forbidden");
  });
});
