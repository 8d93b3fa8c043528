// Anyone can check a result: a bank clerk holding an extract types its case code and the digest
// printed on it, without an account, and learns who signed what and when, and whether the record
// is intact; never the registrant's personal data, and nothing at all for a code alone.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, birthDeclaration, type TestServer } from "../support/server.js";
import { birthRegistration, loginAll, type Tokens } from "../support/flows.js";
import type { AuditEntry } from "../../engine/case.js";
import { BIRTH_VERSION } from "../support/birth.js";

const KINDS = process.env.TEST_DATABASE_URL ? (["pglite", "postgres"] as const) : (["pglite"] as const);

describe.each(KINDS)("public result check on %s", (kind) => {
  let s: TestServer;
  let t: Tokens;
  beforeAll(async () => {
    s = await startTestServer({ kind });
    t = await loginAll(s);
  });
  afterAll(() => s?.close());

  /** What the extract prints: the case code and the digest of the signed payload. */
  const printedOnExtract = async (id: string) => {
    const h = await request(s.app).get(`/cases/${id}/history`).set("authorization", `Bearer ${t.chutich}`);
    expect(h.status).toBe(200);
    const signed = (h.body.entries as AuditEntry[]).find((e) => e.action === "sign")!;
    return { code: h.body.case.code as string, digest: signed.signature!.payloadDigest };
  };
  const check = (code: string, digest: string) => request(s.app).get(`/public/results/${encodeURIComponent(code)}/${digest}`);

  it("answers without an account: the signed step, the certificate, the unit and an intact record", async () => {
    const id = await birthRegistration(s, t);
    const { code, digest } = await printedOnExtract(id);
    await s.tlog.publishCheckpoint(new Date().toISOString());

    const r = await check(code, digest);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.headers["cache-control"]).toBe("no-store");
    expect(r.body).toMatchObject({
      code,
      digest,
      procedure: { id: "civil-status.birth-registration", version: BIRTH_VERSION, title: { vi: expect.stringContaining("khai sinh") } },
      step: { action: "sign", role: "signer", unit: expect.any(String), unitName: expect.any(String) },
      state: { id: "archived", closed: true, outcome: "completed" },
      verification: { ok: true, record: "passed", signature: "passed", log: "passed" },
    });
    expect(r.body.signer.subject).toContain("CN=");
    expect(Date.parse(r.body.step.at)).not.toBeNaN();
  });

  it("never shows the dossier: no names, personal identification numbers or the official's account", async () => {
    const id = await birthRegistration(s, t);
    const { code, digest } = await printedOnExtract(id);
    await s.tlog.publishCheckpoint(new Date().toISOString());
    const answer = (await check(code, digest)).body;
    expect(answer.proof).not.toBeNull();
    const body = JSON.stringify(answer);
    const d = birthDeclaration() as { child: { fullName: string; placeOfBirth: string; dateOfBirth: string }; mother: { fullName: string; personalId: string } };
    // The proof names the case by its id (a random UUID) and hashes everything else of the dossier.
    for (const secret of [d.child.fullName, d.child.placeOfBirth, d.child.dateOfBirth, d.mother.fullName, d.mother.personalId, "chutich", "o-"]) expect(body).not.toContain(secret);
    expect(answer.facts.map((f: { id: string; value: string }) => [f.id, f.value])).toEqual([
      ["registerBook", "01/2026"], ["registerEntry", expect.any(String)], ["registeredOn", expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)],
      ["child", "N*** M*** An"], ["birthYear", d.child.dateOfBirth.slice(0, 4)],
    ]);
  });

  it("gives the same 404 for an unknown code and for a digest that is not this case's", async () => {
    const id = await birthRegistration(s, t);
    const { code, digest } = await printedOnExtract(id);
    const other = await printedOnExtract(await birthRegistration(s, t));
    const unknownCode = await check("HS-000000-ZZZZZZ", digest);
    const wrongDigest = await check(code, other.digest);
    for (const r of [unknownCode, wrongDigest]) {
      expect(r.status).toBe(404);
      expect(r.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(r.body.code).toBe("result.not_found");
    }
  });

  it("accepts the digest typed in capitals, and names the field when it is not a SHA-256", async () => {
    const id = await birthRegistration(s, t);
    const { code, digest } = await printedOnExtract(id);
    expect((await check(code, digest.toUpperCase())).status).toBe(200);
    const bad = await check(code, digest.slice(0, 40));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("request.invalid");
    expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: "/path/digest", rule: "pattern" })]);
  });

  it("says the log is pending, not failed, for a result signed after the last checkpoint", async () => {
    const id = await birthRegistration(s, t, "signed");
    const { code, digest } = await printedOnExtract(id);
    // The sequencer may already have given the entry a log position; the checkpoint is what is missing.
    const r = await check(code, digest);
    expect(r.status).toBe(200);
    expect(r.body.verification).toEqual({ ok: true, record: "passed", signature: "passed", log: "pending" });
    expect(r.body.state).toMatchObject({ closed: false, outcome: null });
  });

  it("reports a record changed in the database after signing", async () => {
    const id = await birthRegistration(s, t);
    const { code, digest } = await printedOnExtract(id);
    await s.tlog.publishCheckpoint(new Date().toISOString());
    await s.db.query("update audit_entries set entry = jsonb_set(entry, '{input,entryNumber}', '\"999\"') where case_id = $1 and seq = 2", [id]);
    const r = await check(code, digest);
    expect(r.status).toBe(200);
    expect(r.body.verification).toMatchObject({ ok: false, record: "failed", signature: "passed" });
  });

  it("reports a kept signature that was rewritten in the database", async () => {
    const id = await birthRegistration(s, t);
    const { code, digest } = await printedOnExtract(id);
    await s.tlog.publishCheckpoint(new Date().toISOString());
    // Someone with database access rewrites the kept signature value; the digest still finds the step.
    await s.db.query(
      "update audit_entries set entry = jsonb_set(entry, '{signature,submission,jws}', to_jsonb(regexp_replace(entry->'signature'->'submission'->>'jws', '.{8}$', 'AAAAAAAA'))) where case_id = $1 and action = 'sign'",
      [id],
    );
    const r = await check(code, digest);
    expect(r.status).toBe(200);
    expect(r.body.verification).toMatchObject({ ok: false, signature: "failed" });
  });
});

describe("public result check rate limit", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ wire: { publicChecksPerMinute: 3 } });
  });
  afterAll(() => s?.close());

  it("answers a few checks a minute per address, then 429 with Retry-After; signed-in work is not limited", async () => {
    const t = await loginAll(s);
    const url = `/public/results/HS-000000-ZZZZZZ/${"a".repeat(64)}`;
    for (let i = 0; i < 3; i++) expect((await request(s.app).get(url)).status).toBe(404);
    const limited = await request(s.app).get(url);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe("request.rate_limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect((await request(s.app).get("/procedures").set("authorization", `Bearer ${t.tiepnhan}`)).status).toBe(200);
  });
});

describe("public result check rate limit behind a reverse proxy", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ wire: { publicChecksPerMinute: 2, trustProxy: 1 } });
  });
  afterAll(() => s?.close());

  it("counts each client address the proxy forwards, not the proxy's own", async () => {
    const url = `/public/results/HS-000000-ZZZZZZ/${"b".repeat(64)}`;
    const from = (ip: string) => request(s.app).get(url).set("x-forwarded-for", ip);
    expect((await from("203.0.113.7")).status).toBe(404);
    expect((await from("203.0.113.7")).status).toBe(404);
    expect((await from("203.0.113.7")).status).toBe(429);
    expect((await from("198.51.100.20")).status).toBe(404);
  });
});
