// A birth registration from intake to archive over HTTP, on the embedded database and on the
// PostgreSQL server (when TEST_DATABASE_URL is set, as in CI), checking the stored history.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, birthDeclaration, birthDocuments, type TestServer } from "../support/server.js";
import { signJws } from "../support/pki.js";
import { verifyChain } from "../../engine/audit/entry.js";
import type { AuditEntry } from "../../engine/case.js";
import { birthHandover } from "../support/birth.js";

const kinds: Array<"pglite" | "postgres"> = ["pglite", ...(process.env.TEST_DATABASE_URL ? (["postgres"] as const) : [])];

describe.each(kinds)("birth registration lifecycle over HTTP on %s", (kind) => {
  let s: TestServer;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    s = await startTestServer({ kind });
    for (const u of ["tiepnhan", "hotich", "chutich", "luutru", "kiemtra"]) tokens[u] = await s.login(u);
  });
  afterAll(() => s?.close());

  const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });

  it("takes a dossier from intake to archive, signed, with a consistent history", async () => {
    const created = await request(s.app).post("/cases").set(as("tiepnhan")).send({
      procedureId: "civil-status.birth-registration",
      channel: "counter",
      data: birthDeclaration(),
      documents: birthDocuments(),
    });
    expect(created.status).toBe(201);
    const id = created.body.case.id as string;
    expect(created.body.case.code).toMatch(/^HS-260302-[0-9A-Z]{6}$/);
    // Received Monday 09:00 local, before the 15:00 cut-off: due the same working day at 17:00 local.
    expect(created.body.appointment).toBe("2026-03-02T10:00:00.000Z");

    const step = async (user: string, action: string, body: Record<string, unknown> = {}) => {
      const before = await request(s.app).get(`/cases/${id}`).set(as(user));
      expect(before.status).toBe(200);
      expect(before.body.actions.map((a: { id: string }) => a.id)).toContain(action);
      const r = await request(s.app).post(`/cases/${id}/actions`).set(as(user)).send({ action, expectedVersion: before.body.case.version, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.case;
    };

    await step("tiepnhan", "accept");
    await step("hotich", "record", { data: { book: "01/2026", entryNumber: "125" } });
    await step("hotich", "witness-book-signature", { data: { declarantSignedInPerson: true } });

    const payload = await request(s.app).get(`/cases/${id}/signing-payload`).set(as("chutich"));
    expect(payload.status).toBe(200);
    expect(payload.body.action).toBe("sign");
    const jws = await signJws(s.pki.signer, new TextEncoder().encode(payload.body.canonical));
    await step("chutich", "sign", { signature: { format: "jws", jws } });
    await step("tiepnhan", "return-result", { data: birthHandover() });
    const closed = await step("luutru", "archive");
    expect(closed.state).toBe("archived");
    expect(closed.outcome).toBe("completed");

    const history = await request(s.app).get(`/cases/${id}/history`).set(as("kiemtra"));
    expect(history.status).toBe(200);
    const entries = history.body.entries as AuditEntry[];
    expect(entries.map((e) => e.action)).toEqual(["intake", "accept", "record", "witness-book-signature", "sign", "return-result", "archive"]);
    expect(entries.map((e) => e.actor.id)).toEqual(["o-tiepnhan", "o-tiepnhan", "o-hotich", "o-hotich", "o-chutich", "o-tiepnhan", "o-luutru"]);
    expect(verifyChain(id, entries)).toEqual([]);
    const signed = entries.find((e) => e.action === "sign")!;
    expect(signed.signature?.signer.fingerprint).toBe(s.pki.signer.fingerprint);
    expect(signed.signature?.chain.length).toBe(2);
    // The completed case queued exactly one message for the national civil-status system.
    const outbox = await s.db.query<{ topic: string }>("select topic from outbox where case_id = $1", [id]);
    expect(outbox.rows.map((r) => r.topic)).toEqual(["case.completed"]);
  });
});
