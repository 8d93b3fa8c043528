// Register book numbers (Sổ hộ tịch): a number is used once per unit, procedure and book. The
// engine names the entry as an effect; the commit makes it unique, so a second dossier given the
// same number is refused with 409 naming the field and nothing of it is written.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { applyAction } from "../../engine/apply.js";
import { loadProcedure, open, act, staff, doc, UNIT, BIRTH_DECLARATION } from "../support/engine.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { countRows, expectProblem, loginAll, openCase, pointersOf } from "../support/http.js";

const KINDS = process.env.TEST_DATABASE_URL ? (["pglite", "postgres"] as const) : (["pglite"] as const);

describe("the engine names the register entry an action writes", () => {
  it("emits the unit, procedure, book and number, and where the number came from", async () => {
    const cp = loadProcedure("civil-status.birth-registration");
    const w = open(cp, BIRTH_DECLARATION, [doc("birth-certificate", 1), doc("declarant-id", 2)]);
    await act(w, staff.reception, { action: "accept" });
    const r = await applyAction(cp, w.case, { action: "record", data: { book: "01/2026", entryNumber: "42" } }, staff.civilStatus, w.ctx());
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.effects).toEqual([{ type: "register", unit: UNIT, register: "civil-status.birth-registration", book: "01/2026", entry: "42", pointer: "/data/entryNumber" }]);
    }
  });
});

describe.each(KINDS)("register numbers over HTTP on %s", (kind) => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "hotich", "chutich"]);
  });
  afterAll(() => s?.close());

  const accepted = async () => {
    const c = await openCase(s, as("tiepnhan"));
    const r = await request(s.app).post(`/cases/${c.id}/actions`).set(as("tiepnhan")).send({ action: "accept", expectedVersion: c.version });
    expect(r.status, r.text).toBe(200);
    return r.body.case as { id: string; version: number; state: string };
  };
  const record = (c: { id: string; version: number }, book: string, entryNumber: string) =>
    request(s.app).post(`/cases/${c.id}/actions`).set(as("hotich")).send({ action: "record", expectedVersion: c.version, data: { book, entryNumber } });

  it("refuses a number already used in the same book, naming the field, and writes nothing", async () => {
    const first = await accepted();
    expect((await record(first, "01/2026", "500")).status).toBe(200);
    const second = await accepted();
    const entries = await countRows(s, "audit_entries", "where case_id = $1", [second.id]);
    const refused = expectProblem(await record(second, "01/2026", "500"), 409, "register.entry_taken");
    expect(pointersOf(refused)).toEqual(["/data/entryNumber"]);
    const now = (await request(s.app).get(`/cases/${second.id}`).set(as("hotich"))).body.case;
    expect(now).toMatchObject({ version: second.version, state: "verification" });
    expect(await countRows(s, "audit_entries", "where case_id = $1", [second.id])).toBe(entries);
    // The officer corrects the number and the same dossier goes on.
    expect((await record(second, "01/2026", "501")).status).toBe(200);
  });

  it("lets a dossier returned for correction be recorded again under its own number", async () => {
    const c = await accepted();
    let r = await record(c, "01/2026", "600");
    expect(r.status, r.text).toBe(200);
    const step = async (who: string, action: string, data: Record<string, unknown>) => {
      const res = await request(s.app).post(`/cases/${c.id}/actions`).set(as(who)).send({ action, data });
      expect(res.status, res.text).toBe(200);
      return res.body.case as { id: string; version: number };
    };
    await step("hotich", "witness-book-signature", { declarantSignedInPerson: true });
    const back = await step("chutich", "return-for-correction", { reason: "Sai quê quán" });
    r = await record(back, "01/2026", "600");
    expect(r.status, r.text).toBe(200);
    // Still refused to any other dossier.
    expectProblem(await record(await accepted(), "01/2026", "600"), 409, "register.entry_taken");
  });

  it("accepts the same number in another book", async () => {
    const c = await accepted();
    expect((await record(c, "02/2026", "500")).status).toBe(200);
  });

  it("gives a contested number to exactly one of two officers recording at the same moment", async () => {
    const [a, b] = [await accepted(), await accepted()];
    const answers = await Promise.all([record(a, "01/2026", "777"), record(b, "01/2026", "777")]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
  });
  it("proposes the next number of the books in use, to whoever may record now", async () => {
    const view = async (id: string, who: string) => (await request(s.app).get(`/cases/${id}`).set(as(who))).body;
    const c = await accepted();
    // A new book: nothing to propose yet.
    expect((await view(c.id, "hotich")).registerBooks?.find((b: { book: string }) => b.book === "07/2027")).toBeUndefined();
    // Written an hour after the other tests' books, so it is the most recently used one.
    const before = s.now;
    s.now = new Date(Date.parse(before) + 3600_000).toISOString();
    for (const n of ["1", "2", "9"]) expect((await record(await accepted(), "07/2027", n)).status).toBe(200);
    const books = (await view(c.id, "hotich")).registerBooks as Array<{ book: string; entries: number; lastEntry: string; nextEntry: string }>;
    expect(books[0]).toMatchObject({ book: "07/2027", entries: 3, lastEntry: "9", nextEntry: "10" });
    // The proposal is taken as proposed.
    expect((await record(c, "07/2027", books[0]!.nextEntry)).status).toBe(200);
    // The reception officer cannot record, so gets no proposal.
    const other = await accepted();
    expect((await view(other.id, "tiepnhan")).registerBooks).toBeUndefined();
    expect((await view(other.id, "hotich")).registerBooks[0]).toMatchObject({ book: "07/2027", nextEntry: "11" });
    s.now = before;
  });
});
