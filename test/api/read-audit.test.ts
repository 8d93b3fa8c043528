// Reads are evidence too: every route that returns a dossier's personal data leaves a sealed read
// record (who, when, which cases, through which route, an auditor's purpose) that goes into the
// signed log; routes that return none leave nothing; a list is one record, not one per case.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, loginAll, openCase } from "../support/http.js";
import { birthRegistration, loginAll as loginTokens } from "../support/flows.js";

interface ReadRecord {
  stream: string;
  actor: string;
  at: string;
  route: string;
  cases: string[];
  purpose?: string;
}

describe.each(KINDS)("read records on %s", (kind) => {
  let s: TestServer;
  let as: (user: string) => { authorization: string };
  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "hotich", "chutich", "kiemtra", "quantri", "truongbophan"]);
  });
  afterAll(() => s?.close());

  /** Read records written since `mark` (an ISO instant the test set as the clock). */
  const readsSince = async (mark: string): Promise<ReadRecord[]> => {
    const r = await s.db.query<{ stream: string; entry: { actor: { id: string }; at: string; data: { route: string; cases: string[]; purpose?: string } } }>(
      "select stream, entry from registry_entries where entry ->> 'action' = 'read' and at >= $1 order by at, stream",
      [mark],
    );
    return r.rows.map((x) => ({ stream: x.stream, actor: x.entry.actor.id, at: x.entry.at, route: x.entry.data.route, cases: x.entry.data.cases, ...(x.entry.data.purpose ? { purpose: x.entry.data.purpose } : {}) }));
  };
  let clock = Date.parse("2026-03-02T02:00:00.000Z");
  const mark = () => (s.now = new Date((clock += 60_000)).toISOString());

  it.each([
    ["GET /cases/{id}", "hotich", (id: string) => `/cases/${id}`],
    ["GET /cases/{id}/history", "hotich", (id: string) => `/cases/${id}/history`],
    ["GET /audit/cases/{id}", "kiemtra", (id: string) => `/audit/cases/${id}`],
    ["GET /audit/cases/{id}/bundle", "kiemtra", (id: string) => `/audit/cases/${id}/bundle`],
  ])("%s records who read which case, and when", async (route, user, path) => {
    const c = await openCase(s, as("tiepnhan"));
    const at = mark();
    expect((await request(s.app).get(path(c.id)).set(as(user))).status).toBe(200);
    expect(await readsSince(at)).toEqual([{ stream: expect.stringMatching(/^read:/), actor: `o-${user}`, at, route, cases: [c.id] }]);
  });

  it("records the signing payload fetched by the signer", async () => {
    const t = await loginTokens(s);
    const id = await birthRegistration(s, t, "witnessed");
    const at = mark();
    expect((await request(s.app).get(`/cases/${id}/signing-payload`).set(as("chutich"))).status).toBe(200);
    expect(await readsSince(at)).toMatchObject([{ actor: "o-chutich", route: "GET /cases/{id}/signing-payload", cases: [id] }]);
  });

  it("records an inbox page as one read of every dossier on it", async () => {
    const opened = [await openCase(s, as("tiepnhan")), await openCase(s, as("tiepnhan")), await openCase(s, as("tiepnhan"))];
    const at = mark();
    const inbox = await request(s.app).get("/cases?limit=500").set(as("tiepnhan"));
    expect(inbox.status).toBe(200);
    const reads = await readsSince(at);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.route).toBe("GET /cases");
    expect(new Set(reads[0]!.cases)).toEqual(new Set(inbox.body.items.map((c: { id: string }) => c.id)));
    for (const c of opened) expect(reads[0]!.cases).toContain(c.id);
  });

  it("records the auditor's entry search with the purpose stated", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const at = mark();
    const r = await request(s.app).get("/audit/entries?action=intake&limit=5&purpose=Thanh%20tra%20s%E1%BB%91%2012%2F2026").set(as("kiemtra"));
    expect(r.status).toBe(200);
    const [read] = await readsSince(at);
    expect(read).toMatchObject({ actor: "o-kiemtra", route: "GET /audit/entries", purpose: "Thanh tra số 12/2026" });
    expect(read!.cases).toContain(c.id);
  });

  it("records nothing for routes that return no personal data, nor for a refused look", async () => {
    const t = await loginTokens(s);
    const id = await birthRegistration(s, t);
    const at = mark();
    const hk = await s.login("tiepnhan.hk");
    const code = (await request(s.app).get(`/cases/${id}`).set(as("hotich"))).body.case.code as string;
    const before = await readsSince(at);
    for (const [path, user] of [
      ["/queue", "tiepnhan"], ["/notices", "truongbophan"], [`/cases/${id}/outbox`, "hotich"], ["/procedures", "tiepnhan"],
      ["/statistics?province=01&from=2026-01-01&to=2027-01-01", "quantri"], ["/statistics?province=01&from=2026-01-01&to=2027-01-01&format=csv", "quantri"],
      [`/audit/cases/${id}/reads`, "kiemtra"],
    ] as const) {
      expect((await request(s.app).get(path).set(as(user))).status, path).toBe(200);
    }
    expect((await request(s.app).post(`/audit/cases/${id}/verify`).set(as("kiemtra"))).status).toBe(200);
    // Another commune's official is refused: no data left the server.
    expect((await request(s.app).get(`/cases/${id}`).set("authorization", `Bearer ${hk}`)).status).toBe(404);
    expect((await request(s.app).get(`/public/results/${code}/${"0".repeat(64)}`)).status).toBe(404);
    expect(await readsSince(at)).toEqual(before);
  });

  it("lets the auditor list who read a case, each read sealed and in the signed log", async () => {
    const c = await openCase(s, as("tiepnhan"));
    await request(s.app).get(`/cases/${c.id}`).set(as("hotich")).expect(200);
    await request(s.app).get(`/audit/cases/${c.id}?purpose=kiem%20tra`).set(as("kiemtra")).expect(200);
    await request(s.app).post("/audit/checkpoints").set(as("kiemtra")).expect(201);
    const r = await request(s.app).get(`/audit/cases/${c.id}/reads`).set(as("kiemtra"));
    expect(r.status).toBe(200);
    expect(r.body.items.map((x: { actorId: string; route: string; purpose: string | null }) => [x.actorId, x.route, x.purpose])).toEqual([
      ["o-hotich", "GET /cases/{id}", null],
      ["o-kiemtra", "GET /audit/cases/{id}", "kiem tra"],
    ]);
    for (const item of r.body.items) {
      expect(item.ok).toBe(true);
      expect(item.checks.find((x: { check: string }) => x.check === "inclusion")).toMatchObject({ ok: true, reason: "inclusion.ok" });
    }
  });

  it("catches a read record altered, and one deleted after it was logged", async () => {
    const c = await openCase(s, as("tiepnhan"));
    await request(s.app).get(`/cases/${c.id}`).set(as("hotich")).expect(200);
    await request(s.app).get(`/cases/${c.id}/history`).set(as("hotich")).expect(200);
    await request(s.app).post("/audit/checkpoints").set(as("kiemtra")).expect(201);
    const [first, second] = (await request(s.app).get(`/audit/cases/${c.id}/reads`).set(as("kiemtra"))).body.items as Array<{ stream: string }>;
    // The reader is changed to someone else...
    await s.db.query("update registry_entries set entry = jsonb_set(entry, '{actor,id}', '\"o-chutich\"'), actor_id = 'o-chutich' where stream = $1", [first!.stream]);
    const altered = (await request(s.app).get(`/audit/cases/${c.id}/reads`).set(as("kiemtra"))).body.items[0];
    expect(altered.ok).toBe(false);
    expect(altered.checks.find((x: { check: string }) => x.check === "hash")).toMatchObject({ ok: false, reason: "hash.changed" });
    // ...and the other read is deleted: the log still holds it.
    await s.db.query("delete from registry_entries where stream = $1", [second!.stream]);
    const log = await request(s.app).post("/audit/log/verify").set(as("kiemtra"));
    expect(log.status).toBe(200);
    expect(log.body.ok).toBe(false);
    expect(log.body.findings).toContainEqual(expect.objectContaining({ reason: "log.row-missing", params: expect.objectContaining({ table: "registry_entries", stream: second!.stream }) }));
  });
});
