// Fees over HTTP on both databases: intake computes and records the fee (and an exemption), GET
// /cases/:id shows it, payment gives a receipt number per unit and year in the case's chain,
// paying twice or paying nothing due is 409, concurrent payments get distinct consecutive numbers,
// a tampered fee figure is found, and statistics sum what is due and what was collected.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, expectProblem, extractCopy, loginAll, openCase, pointersOf } from "../support/http.js";

const MON_0900 = "2026-03-02T02:00:00.000Z";

describe.each(KINDS)("fees on %s", (kind) => {
  let s: TestServer;
  let as: (u: string) => { authorization: string };
  const pay = (id: string, body: Record<string, unknown>, user = "tiepnhan") => request(s.app).post(`/cases/${id}/payment`).set(as(user)).send(body);
  const caseOf = async (id: string) => (await request(s.app).get(`/cases/${id}`).set(as("tiepnhan")).expect(200)).body.case;

  beforeAll(async () => {
    s = await startTestServer({ kind });
    s.now = MON_0900;
    as = await loginAll(s, ["tiepnhan", "hotich", "tiepnhan.hk", "kiemtra", "truongbophan"]);
  }, 60_000);
  afterAll(() => s?.close());

  it("computes the fee at intake, records it in the case and shows it; a poor household is exempt", async () => {
    const paid = await openCase(s, as("tiepnhan"), extractCopy({}, 3));
    expect((paid as unknown as { fee: unknown }).fee).toEqual({ kind: "per-unit", amount: 24000, due: 24000, quantity: 3 });
    expect((await caseOf(paid.id)).fee).toEqual({ kind: "per-unit", amount: 24000, due: 24000, quantity: 3 });
    const poor = await caseOf((await openCase(s, as("tiepnhan"), extractCopy({ poorHousehold: true }))).id);
    expect(poor.fee).toMatchObject({ amount: 16000, due: 0, quantity: 2, exemption: { percent: 100, reason: { vi: expect.stringMatching(/hộ nghèo/) } } });
    // A free procedure records none.
    expect((await caseOf((await openCase(s, as("tiepnhan"))).id)).fee).toBeUndefined();
  });

  it("records a payment with its receipt number in the case's chain; a second payment is 409", async () => {
    const { id } = await openCase(s, as("tiepnhan"), extractCopy());
    s.now = "2026-03-02T03:00:00.000Z";
    const r = await pay(id, { method: "online", reference: "DVC-2026-000777" });
    expect(r.status, r.text).toBe(200);
    const payment = r.body.case.fee.payment;
    expect(payment).toMatchObject({ at: s.now, method: "online", reference: "DVC-2026-000777", by: expect.any(String) });
    expect(payment.receipt).toMatch(/^2026\/\d{6}$/);
    expect(r.body.entry).toMatchObject({ action: "system:payment", seq: 1, input: { method: "online", receipt: payment.receipt, amount: 16000 } });
    expect((await caseOf(id)).fee.payment).toEqual(payment);
    const again = expectProblem(await pay(id, { method: "cash" }), 409, "fee.already_paid");
    expect(JSON.stringify(again)).toContain(payment.receipt);
    const v = await request(s.app).post(`/audit/cases/${id}/verify`).set(as("kiemtra"));
    expect(v.status).toBe(200);
    expect(v.body.findings).toEqual([]);
  });

  it("answers a payment retried with its Idempotency-Key with the same receipt, not a second payment", async () => {
    const { id } = await openCase(s, as("tiepnhan"), extractCopy());
    const withKey = () => request(s.app).post(`/cases/${id}/payment`).set(as("tiepnhan")).set("Idempotency-Key", `pay-${id}`).send({ method: "cash" });
    const first = await withKey();
    expect(first.status, first.text).toBe(200);
    const retried = await withKey();
    expect(retried.status).toBe(200);
    expect(retried.headers["idempotent-replayed"]).toBe("true");
    expect(retried.body.case.fee.payment.receipt).toBe(first.body.case.fee.payment.receipt);
    expect((await request(s.app).get(`/cases/${id}/history`).set(as("tiepnhan"))).body.entries.filter((e: { action: string }) => e.action === "system:payment")).toHaveLength(1);
    // Without the key, a second payment is still refused.
    expectProblem(await pay(id, { method: "cash" }), 409, "fee.already_paid");
  });

  it("refuses a payment when nothing is due, from another role or unit, and bad input naming the field", async () => {
    const poor = await openCase(s, as("tiepnhan"), extractCopy({ poorHousehold: true }));
    expectProblem(await pay(poor.id, { method: "cash" }), 409, "fee.nothing_due");
    const free = await openCase(s, as("tiepnhan"));
    expectProblem(await pay(free.id, { method: "cash" }), 409, "fee.nothing_due");
    const { id } = await openCase(s, as("tiepnhan"), extractCopy());
    expect(pointersOf(expectProblem(await pay(id, { method: "online" }), 400, "data.invalid"))).toEqual(["/reference"]);
    expect(pointersOf(expectProblem(await pay(id, { method: "online", reference: "" }), 400, "data.invalid"))).toEqual(["/reference"]);
    expect(pointersOf(expectProblem(await pay(id, { method: "online", reference: 42 }), 400, "data.invalid"))).toEqual(["/reference"]);
    expect(pointersOf(expectProblem(await pay(id, { method: "card" }), 400, "data.invalid"))).toEqual(["/method"]);
    expectProblem(await pay(id, { method: "cash" }, "hotich"), 403, "actor.role_not_permitted");
    expectProblem(await pay(id, { method: "cash" }, "tiepnhan.hk"), 403, "actor.unit_not_permitted");
    expectProblem(await request(s.app).post(`/cases/${id}/payment`).set(as("tiepnhan")).set("content-type", "application/json").send("[1]"), 400, "request.invalid");
    // None of the refusals used a receipt number or changed the case.
    expect((await caseOf(id)).version).toBe(1);
  });

  it("gives concurrent payments distinct consecutive numbers, one payment per case", async () => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await openCase(s, as("tiepnhan"), extractCopy())).id);
    const before = await s.db.query<{ last: number }>("select last from receipt_counters where unit = '01-ba-dinh' and year = 2026");
    const start = Number(before.rows[0]?.last ?? 0);
    // Two counters pay the same case at once as well: one wins, the other is refused, and no number is lost.
    const rs = await Promise.all([...ids.map((id) => pay(id, { method: "cash" })), pay(ids[0]!, { method: "cash" })]);
    const ok = rs.filter((r) => r.status === 200);
    expect(ok).toHaveLength(4);
    expect(rs.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual([expect.stringMatching(/^(fee\.already_paid|case\.version_conflict)$/)]);
    const numbers = ok.map((r) => Number(String(r.body.case.fee.payment.receipt).split("/")[1])).sort((a, b) => a - b);
    expect(numbers).toEqual([start + 1, start + 2, start + 3, start + 4]);
    // Another unit counts its own receipts.
    s.now = "2026-03-02T04:00:00.000Z";
    const hk = await openCase(s, as("tiepnhan.hk"), extractCopy());
    expect((await pay(hk.id, { method: "cash" }, "tiepnhan.hk")).body.case.fee.payment.receipt).toBe("2026/000001");
  });

  it("finds a fee figure changed in the database", async () => {
    const { id } = await openCase(s, as("tiepnhan"), extractCopy());
    await s.db.query("update cases set fee_collected = fee_due where id = $1", [id]);
    const v = await request(s.app).post(`/audit/cases/${id}/verify`).set(as("kiemtra"));
    expect(v.body.findings).toEqual([expect.objectContaining({ reason: "case.column-mismatch", params: expect.objectContaining({ column: "cases.fee_collected" }) })]);
    await s.db.query("update cases set fee_collected = null where id = $1", [id]);
  });

  it("sums what is due and what was collected in statistics", async () => {
    const r = await request(s.app).get("/statistics?unit=01-ba-dinh&procedure=civil-status.extract-copy&from=2026-03-01&to=2026-03-31").set(as("truongbophan"));
    expect(r.status, r.text).toBe(200);
    // Received at Ba Đình: 24,000 + exempt + 16,000 (paid) + 16,000 (paid once, with a retried key) + exempt + 16,000
    // + 4 x 16,000 (paid) + 16,000 (the tampered one, restored).
    expect(r.body.total).toMatchObject({ feesDue: 24000 + 16000 * 8, feesCollected: 16000 * 6, feesOutstanding: 24000 + 16000 * 2 });
  });

  it("numbers receipts by the local year of payment: just after midnight on New Year's Eve UTC+7 starts the new year", async () => {
    s.now = "2026-12-31T16:00:00.000Z"; // 23:00 local, 31 Dec 2026
    const { id } = await openCase(s, as("tiepnhan"), extractCopy());
    s.now = "2026-12-31T17:30:00.000Z"; // 00:30 local, 1 Jan 2027
    expect((await pay(id, { method: "cash" })).body.case.fee.payment.receipt).toBe("2027/000001");
  });
});
