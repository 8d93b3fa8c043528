// Lawful extensions over HTTP, and lateness as statistics count it, on both databases:
// - a late death declaration's verification extends the due date by 2 working days; the case
//   shows the extension and its reason, and returned after the first date but by the extended one
//   it is on time;
// - the bug fixed: an apology notice given before anything was missed, on a case then returned by
//   its original deadline, counted the case late.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, deathDeclaration, deathPapers, lateDeclarationNote, loginAll, openCase } from "../support/http.js";
import { step } from "../support/supervision.js";
import { signJws } from "../support/pki.js";
import { birthHandover } from "../support/birth.js";

const local = (day: number, hh: number, mm = 0) => new Date(Date.UTC(2026, 2, day, hh - 7, mm)).toISOString();
const declaration = deathDeclaration;
const papers = [...deathPapers, lateDeclarationNote];

describe.each(KINDS)("lawful extensions and lateness on %s", (kind) => {
  let s: TestServer;
  let as: (u: string) => { authorization: string };
  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "hotich", "chutich", "luutru", "truongbophan"]);
  });
  afterAll(() => s?.close());

  let entry = 1;
  /** From verification to archived, each step at `at`; a birth registration records who received the result. */
  async function finish(id: string, at: string, handover?: unknown) {
    s.now = at;
    await step(s, as("hotich"), id, "record", { book: "01/2026", entryNumber: String(entry++) });
    await step(s, as("hotich"), id, "witness-book-signature", { declarantSignedInPerson: true });
    const p = await request(s.app).get(`/cases/${id}/signing-payload`).set(as("chutich"));
    const jws = await signJws(s.pki.signer, new TextEncoder().encode(p.body.canonical));
    const signed = await request(s.app).post(`/cases/${id}/actions`).set(as("chutich")).send({ action: "sign", signature: { format: "jws", jws } });
    expect(signed.status, signed.text).toBe(200);
    await step(s, as("tiepnhan"), id, "return-result", handover);
    await step(s, as("luutru"), id, "archive");
  }
  const stats = async (day: number) => {
    const r = await request(s.app).get(`/statistics?unit=01-ba-dinh&from=2026-03-${day}&to=2026-03-${day}`).set(as("truongbophan"));
    expect(r.status, r.text).toBe(200);
    return r.body.total as { completed: number; completedOnTime: number; completedLate: number };
  };

  it("extends the due date while a late declaration is verified, shows why, and counts the case on time", async () => {
    s.now = local(20, 9); // Fri 20 Mar 09:00, due 17:00
    const created = await request(s.app).post("/cases").set(as("tiepnhan")).send({ procedureId: "civil-status.death-registration", channel: "counter", data: declaration, documents: papers });
    expect(created.status, created.text).toBe(201);
    const id = created.body.case.id as string;
    await step(s, as("tiepnhan"), id, "accept");
    const view = await request(s.app).get(`/cases/${id}`).set(as("tiepnhan"));
    expect(view.body.case).toMatchObject({
      state: "late-verification", originalDueAt: local(20, 17), dueAt: local(24, 17),
      extensions: [{ state: "late-verification", workingDays: 2, fromDueAt: local(20, 17), toDueAt: local(24, 17), reason: { vi: expect.stringContaining("Điều 33") } }],
    });
    s.now = local(23, 9);
    await step(s, as("hotich"), id, "confirm-late-declaration", { findings: "Đã xác minh với tổ dân phố" });
    // Mon 23 Mar: after the first appointment, by the extended one.
    await finish(id, local(23, 10));
    expect(await stats(20)).toMatchObject({ completed: 1, completedOnTime: 1, completedLate: 0 });
  });

  it("an apology given before anything was missed does not count a case returned by its deadline late", async () => {
    s.now = local(25, 9); // Wed 25 Mar 09:00, due 17:00
    const c = await openCase(s, as("tiepnhan"));
    await step(s, as("tiepnhan"), c.id, "accept");
    s.now = local(25, 10);
    const apology = await request(s.app).post(`/cases/${c.id}/apology`).set(as("hotich")).send({ reason: "Chờ xác minh với CSDL quốc gia về dân cư", newAppointment: "2026-03-27" });
    expect(apology.status, apology.text).toBe(200);
    await finish(c.id, local(25, 16), birthHandover());
    expect(await stats(25)).toMatchObject({ completed: 1, completedOnTime: 1, completedLate: 0 });
  });

  it("still counts late a case closed after the deadline its apology announced", async () => {
    s.now = local(26, 9); // Thu 26 Mar, due 17:00
    const c = await openCase(s, as("tiepnhan"));
    await step(s, as("tiepnhan"), c.id, "accept");
    s.now = local(26, 10);
    const apology = await request(s.app).post(`/cases/${c.id}/apology`).set(as("hotich")).send({ reason: "Chờ xác minh với CSDL quốc gia về dân cư", newAppointment: "2026-03-30" });
    expect(apology.status, apology.text).toBe(200);
    await finish(c.id, local(27, 10), birthHandover()); // by the new appointment, after the deadline
    expect(await stats(26)).toMatchObject({ completed: 1, completedOnTime: 0, completedLate: 1 });
  });
});
