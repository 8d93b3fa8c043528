// Statistics over HTTP on a small dataset whose figures are computed by hand below, as JSON
// and CSV, with the permission rules, and the plan: the query is served by the covering index.
//
// Dataset (birth registrations unless noted; Ba Đình unless noted; times local, UTC+7):
//  c1 counter  Mon 2 Mar 09:00  completed Mon 16:00 (7 h, on time)
//  c2 online   Mon 2 Mar 09:00  completed Tue 09:00 (24 h, late)
//  c3 online   Tue 3 Mar 09:00  apology notice Tue 15:30 -> Thu; completed Wed 12:00 (27 h, late: apology)
//  c4 counter  Wed 4 Mar 09:00  refused            c5 online Wed 4 Mar 09:00  withdrawn
//  c6 online   Thu 5 Mar 09:00  open, due Thu 17:00 -> overdue at Fri 6 Mar 12:00 (asOf)
//  c7 online   Fri 6 Mar 09:00  open, due Fri 17:00 -> not overdue
//  c9 counter  copy certification Mon 2 Mar 09:00 (fee 2 pages x 2,000 VND, paid in cash at 09:30), waiting on the citizen since 10:00 (paused before due: not overdue)
//  c10         Fri 27 Feb: outside the period
//  h1 online   Hoàn Kiếm Mon 2 Mar 09:00 withdrawn; h2 counter Hoàn Kiếm Tue 3 Mar 09:00, open -> overdue
//  m1 counter  Tue 5 May 06:30 local, which is Mon 4 May 23:30 UTC: a day of the series is a local day
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, expectProblem, loginAll, openCase } from "../support/http.js";
import { copyCertification, step } from "../support/supervision.js";
import { signJws } from "../support/pki.js";
import { statisticsQuery } from "../../server/supervision/statistics.js";
import { birthHandover } from "../support/birth.js";

const local = (day: number, hh: number, mm = 0) => new Date(Date.UTC(2026, 2, day, hh - 7, mm)).toISOString();
const AS_OF = local(6, 12);

describe.each(KINDS)("statistics on %s", (kind) => {
  let s: TestServer;
  let as: (u: string) => { authorization: string };

  let nextEntry = 1; // register numbers are unique per unit and book
  async function complete(id: string, at: string, accepted = false) {
    s.now = at;
    if (!accepted) await step(s, as("tiepnhan"), id, "accept");
    await step(s, as("hotich"), id, "record", { book: "01/2026", entryNumber: String(nextEntry++) });
    await step(s, as("hotich"), id, "witness-book-signature", { declarantSignedInPerson: true });
    const p = await request(s.app).get(`/cases/${id}/signing-payload`).set(as("chutich"));
    const jws = await signJws(s.pki.signer, new TextEncoder().encode(p.body.canonical));
    const signed = await request(s.app).post(`/cases/${id}/actions`).set(as("chutich")).send({ action: "sign", signature: { format: "jws", jws } });
    expect(signed.status, signed.text).toBe(200);
    await step(s, as("tiepnhan"), id, "return-result", birthHandover());
    await step(s, as("luutru"), id, "archive");
  }
  const receive = async (at: string, channel: "online" | "counter", user = "tiepnhan", extra: Record<string, unknown> = {}) => {
    s.now = at;
    return (await openCase(s, as(user), { ...extra, channel })).id;
  };

  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "hotich", "chutich", "luutru", "tiepnhan.hk", "quantri", "kiemtra", "truongbophan"]);
    const c1 = await receive(local(2, 9), "counter");
    await complete(c1, local(2, 16));
    const c2 = await receive(local(2, 9), "online");
    await complete(c2, local(3, 9));
    const c3 = await receive(local(3, 9), "online");
    await step(s, as("tiepnhan"), c3, "accept");
    s.now = local(3, 15, 30);
    const apology = await request(s.app).post(`/cases/${c3}/apology`).set(as("hotich")).send({ reason: "Chờ xác minh với CSDL quốc gia về dân cư", newAppointment: "2026-03-05" });
    expect(apology.status, apology.text).toBe(200);
    await complete(c3, local(4, 12), true);
    const c4 = await receive(local(4, 9), "counter");
    await step(s, as("tiepnhan"), c4, "accept");
    s.now = local(4, 10);
    await step(s, as("hotich"), c4, "refuse", { reason: "Giấy chứng sinh không hợp lệ" });
    const c5 = await receive(local(4, 9), "online");
    await step(s, as("tiepnhan"), c5, "withdraw", {});
    const c6 = await receive(local(5, 9), "online");
    await step(s, as("tiepnhan"), c6, "accept");
    await receive(local(6, 9), "online"); // c7
    const c9 = await receive(local(2, 9), "counter", "tiepnhan", copyCertification());
    s.now = local(2, 9, 30);
    const paid = await request(s.app).post(`/cases/${c9}/payment`).set(as("tiepnhan")).send({ method: "cash" });
    expect(paid.status, paid.text).toBe(200);
    s.now = local(2, 10);
    await step(s, as("tiepnhan"), c9, "request-supplement", { missing: "bản chính văn bằng" });
    s.now = new Date(Date.UTC(2026, 1, 27, 2)).toISOString(); // c10, Fri 27 Feb
    await openCase(s, as("tiepnhan"));
    const h1 = await receive(local(2, 9), "online", "tiepnhan.hk");
    await step(s, as("tiepnhan.hk"), h1, "withdraw", {});
    await receive(local(3, 9), "counter", "tiepnhan.hk"); // h2
    await receive(new Date(Date.UTC(2026, 4, 4, 23, 30)).toISOString(), "counter"); // m1
    s.now = AS_OF;
  }, 120_000);
  afterAll(() => s?.close());

  const get = (user: string, query: string) => request(s.app).get(`/statistics?${query}`).set(as(user));

  it("counts a unit's month by procedure, with the total", async () => {
    const r = await get("truongbophan", "unit=01-ba-dinh&from=2026-03-01&to=2026-03-31");
    expect(r.status, r.text).toBe(200);
    expect(r.body.filter).toEqual({ province: null, units: ["01-ba-dinh"], procedureId: null, from: "2026-03-01", to: "2026-03-31", asOf: AS_OF });
    expect(r.body.byProcedure).toEqual([
      {
        procedureId: "civil-status.birth-registration", received: 7, online: 5, counter: 2, onlineShare: 0.7143,
        completed: 3, completedOnTime: 1, completedLate: 2, refused: 1, withdrawn: 1, inProgress: 2, overdue: 1, apologies: 1,
        avgProcessingHours: 19.33, p90ProcessingHours: 26.4, feesDue: 0, feesCollected: 0, feesOutstanding: 0,
      },
      {
        procedureId: "civil-status.copy-certification", received: 1, online: 0, counter: 1, onlineShare: 0,
        completed: 0, completedOnTime: 0, completedLate: 0, refused: 0, withdrawn: 0, inProgress: 1, overdue: 0, apologies: 0,
        avgProcessingHours: null, p90ProcessingHours: null, feesDue: 4000, feesCollected: 4000, feesOutstanding: 0,
      },
    ]);
    expect(r.body.total).toEqual({
      procedureId: null, received: 8, online: 5, counter: 3, onlineShare: 0.625,
      completed: 3, completedOnTime: 1, completedLate: 2, refused: 1, withdrawn: 1, inProgress: 3, overdue: 1, apologies: 1,
      avgProcessingHours: 19.33, p90ProcessingHours: 26.4, feesDue: 4000, feesCollected: 4000, feesOutstanding: 0,
    });
  });

  it("counts a province and one procedure for the provincial staff", async () => {
    const r = await get("kiemtra", "province=01&procedure=civil-status.birth-registration&from=2026-03-01&to=2026-03-31");
    expect(r.status, r.text).toBe(200);
    expect(r.body.total).toEqual({
      procedureId: null, received: 9, online: 6, counter: 3, onlineShare: 0.6667,
      completed: 3, completedOnTime: 1, completedLate: 2, refused: 1, withdrawn: 2, inProgress: 3, overdue: 2, apologies: 1,
      avgProcessingHours: 19.33, p90ProcessingHours: 26.4, feesDue: 0, feesCollected: 0, feesOutstanding: 0,
    });
    expect(r.body.byProcedure).toEqual([{ ...r.body.total, procedureId: "civil-status.birth-registration" }]);
    // The period is in local days: Tuesday 3 March alone holds c3 and h2.
    const tue = await get("quantri", "province=01&from=2026-03-03&to=2026-03-03");
    expect(tue.body.total).toMatchObject({ received: 2, completedLate: 1, inProgress: 1, overdue: 1 });
    const empty = await get("quantri", "province=01&from=2026-04-01&to=2026-04-30");
    expect(empty.body).toMatchObject({ total: { received: 0, onlineShare: null, avgProcessingHours: null }, byProcedure: [] });
  });

  it("exports CSV with the same figures", async () => {
    const r = await get("truongbophan", "unit=01-ba-dinh&from=2026-03-01&to=2026-03-31&format=csv");
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^text\/csv; charset=utf-8/);
    expect(r.headers["content-disposition"]).toBe('attachment; filename="statistics-01-ba-dinh-2026-03-01-2026-03-31.csv"');
    expect(r.text.split("\r\n")).toEqual([
      "province,units,from,to,as_of,procedure,received,online,counter,online_share,completed,completed_on_time,completed_late,refused,withdrawn,in_progress,overdue,apologies,avg_processing_hours,p90_processing_hours,fees_due,fees_collected,fees_outstanding",
      `,01-ba-dinh,2026-03-01,2026-03-31,${AS_OF},civil-status.birth-registration,7,5,2,0.7143,3,1,2,1,1,2,1,1,19.33,26.4,0,0,0`,
      `,01-ba-dinh,2026-03-01,2026-03-31,${AS_OF},civil-status.copy-certification,1,0,1,0,0,0,0,0,0,1,0,0,,,4000,4000,0`,
      `,01-ba-dinh,2026-03-01,2026-03-31,${AS_OF},*,8,5,3,0.625,3,1,2,1,1,3,1,1,19.33,26.4,4000,4000,0`,
      "",
    ]);
  });

  it("breaks a province down by unit and by day of receipt, every day of the period listed", async () => {
    const r = await get("kiemtra", "province=01&from=2026-03-01&to=2026-03-31");
    expect(r.status, r.text).toBe(200);
    expect(r.body.byUnit.map((u: { unit: string; received: number; withdrawn: number; overdue: number; feesDue: number }) => [u.unit, u.received, u.withdrawn, u.overdue, u.feesDue])).toEqual([
      ["01-ba-dinh", 8, 1, 1, 4000],
      ["01-hoan-kiem", 2, 1, 1, 0],
    ]);
    expect(r.body.series.interval).toBe("day");
    const days = r.body.series.periods as Array<{ start: string; received: number; online: number; completedLate: number }>;
    expect(days).toHaveLength(31);
    expect(days[0]!.start).toBe("2026-03-01");
    expect(days[30]!.start).toBe("2026-03-31");
    expect(days.slice(0, 7).map((d) => [d.start, d.received, d.online])).toEqual([
      ["2026-03-01", 0, 0], ["2026-03-02", 4, 2], ["2026-03-03", 2, 1], ["2026-03-04", 2, 1], ["2026-03-05", 1, 1], ["2026-03-06", 1, 1], ["2026-03-07", 0, 0],
    ]);
    // The periods add up to the total, and an empty day has the same shape as a full one.
    expect(days.reduce((n, d) => n + d.received, 0)).toBe(r.body.total.received);
    expect(Object.keys(days[0]!).sort()).toEqual(Object.keys(days[1]!).sort());
    expect(days[1]).not.toHaveProperty("p90ProcessingHours"); // by procedure and in total only
    // Days are local: m1, received at 06:30 in Hanoi on 5 May (still 4 May in UTC), counts on the 5th.
    const may = await get("truongbophan", "unit=01-ba-dinh&from=2026-05-04&to=2026-05-05");
    expect(may.body.series.periods.map((d: { start: string; received: number }) => [d.start, d.received])).toEqual([["2026-05-04", 0], ["2026-05-05", 1]]);
  });

  it("groups by week (from Monday) or month when asked, and by default for longer periods", async () => {
    const weeks = await get("truongbophan", "unit=01-ba-dinh&from=2026-03-01&to=2026-03-31&interval=week");
    expect(weeks.body.series.periods.map((w: { start: string; received: number }) => [w.start, w.received])).toEqual([
      ["2026-02-23", 0], ["2026-03-02", 8], ["2026-03-09", 0], ["2026-03-16", 0], ["2026-03-23", 0], ["2026-03-30", 0],
    ]);
    const quarter = await get("truongbophan", "unit=01-ba-dinh&from=2026-01-01&to=2026-03-31");
    expect(quarter.body.series.interval).toBe("week");
    const months = await get("truongbophan", "unit=01-ba-dinh&from=2026-01-01&to=2026-12-31");
    expect(months.body.series.interval).toBe("month");
    expect(months.body.series.periods.slice(0, 5).map((m: { start: string; received: number }) => [m.start, m.received])).toEqual([
      ["2026-01-01", 0], ["2026-02-01", 1], ["2026-03-01", 8], ["2026-04-01", 0], ["2026-05-01", 1],
    ]);
    expect(months.body.series.periods).toHaveLength(12);
  });

  it("exports the unit and period breakdowns as CSV", async () => {
    const units = await get("kiemtra", "province=01&from=2026-03-01&to=2026-03-31&format=csv&by=unit");
    expect(units.headers["content-disposition"]).toBe('attachment; filename="statistics-01-2026-03-01-2026-03-31-by-unit.csv"');
    const lines = units.text.split("\r\n");
    expect(lines[0]).toMatch(/^province,units,from,to,as_of,unit,received,/);
    expect(lines.slice(1, 4).map((l) => l.split(",").slice(5, 7))).toEqual([["01-ba-dinh", "8"], ["01-hoan-kiem", "2"], ["*", "10"]]);
    const days = await get("kiemtra", "province=01&from=2026-03-02&to=2026-03-03&format=csv&by=period");
    expect(days.text.split("\r\n").slice(0, 4).map((l) => l.split(",").slice(5, 7))).toEqual([["period", "received"], ["2026-03-02", "4"], ["2026-03-03", "2"], ["*", "6"]]);
  });

  it("lets each official see only their jurisdiction, and checks the query", async () => {
    expectProblem(await get("tiepnhan", "province=01&from=2026-03-01&to=2026-03-31"), 403, "auth.forbidden");
    expectProblem(await get("tiepnhan", "unit=01-hoan-kiem&from=2026-03-01&to=2026-03-31"), 403, "auth.forbidden");
    expectProblem(await get("quantri", "province=79&from=2026-03-01&to=2026-03-31"), 403, "auth.forbidden");
    expect((await get("quantri", "unit=01-hoan-kiem&from=2026-03-01&to=2026-03-31")).body.total).toMatchObject({ received: 2, withdrawn: 1, overdue: 1 });
    expectProblem(await get("quantri", "province=01&unit=01-ba-dinh&from=2026-03-01&to=2026-03-31"), 400, "request.invalid");
    expectProblem(await get("quantri", "province=01&from=2026-03-32&to=2026-03-31"), 400, "request.invalid");
    expectProblem(await get("quantri", "province=01&from=2026-03-31&to=2026-03-01"), 400, "request.invalid");
    expectProblem(await get("quantri", "province=01&from=2020-01-01&to=2026-03-01"), 400, "request.invalid");
    expectProblem(await get("quantri", "province=01&from=2026-03-01&to=2026-03-31&format=xml"), 400, "request.invalid");
    const pointer = async (query: string) => (await get("quantri", query)).body.errors?.[0]?.pointer;
    expect(await pointer("province=01&from=2026-03-01&to=2026-03-31&interval=year")).toBe("/query/interval");
    expect(await pointer("province=01&from=2025-01-01&to=2026-03-31&interval=day")).toBe("/query/interval");
    expect(await pointer("province=01&from=2026-03-01&to=2026-03-31&by=unit")).toBe("/query/by");
    expect(await pointer("province=01&from=2026-03-01&to=2026-03-31&format=csv&by=official")).toBe("/query/by");
  });

  it("is served by the covering index (an index-only scan of the counted cases, for both queries)", async () => {
    await s.db.query("vacuum analyze cases");
    const cal = s.cases.calendar;
    const plans = await s.db.tx(async (q) => {
      // A handful of rows makes a sequential scan cheapest; switch it off to see the plan a million rows get.
      await q.query("set local enable_seqscan = off");
      await q.query("set local enable_bitmapscan = off");
      const out: string[] = [];
      for (const f of [{ province: "01", procedureId: "civil-status.birth-registration" }, { units: ["01-ba-dinh"] }]) {
        for (const part of ["procedures", "breakdowns"] as const) {
          const { sql, params } = statisticsQuery({ ...f, from: "2026-03-01", to: "2026-03-31", asOf: AS_OF }, cal, part);
          const r = await q.query<{ "QUERY PLAN": string }>(`explain ${sql}`, params);
          out.push(r.rows.map((x) => x["QUERY PLAN"]).join("\n"));
        }
      }
      return out;
    });
    expect(plans[0]).toMatch(/Index Only Scan using cases_stats_province/);
    expect(plans[1]).toMatch(/Index Only Scan using cases_stats_province/);
    expect(plans[2]).toMatch(/Index Only Scan using cases_stats_unit/);
    expect(plans[3]).toMatch(/Index Only Scan using cases_stats_unit/);
    // The breakdowns are hashed in one pass, not sorted once per grouping set.
    expect(plans[3]).toMatch(/HashAggregate|MixedAggregate/);
  });
});
