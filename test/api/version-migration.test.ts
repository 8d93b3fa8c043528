// Moving running cases to a newer procedure version is the administrator's explicit decision,
// with a reason, recorded in each case's history; cases the newer version cannot carry on (their
// state is gone, their dossier breaks its form) stay where they are and are listed with why.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { readFileSync } from "node:fs";
import { startTestServer, birthDeclaration, type TestServer } from "../support/server.js";
import { BIRTH, KINDS, act, expectProblem, loginAll, openCase, pointersOf } from "../support/http.js";
import type { AuditEntry } from "../../engine/case.js";
import { BIRTH_VERSION } from "../support/birth.js";

/** The version the catalog ships, and the newer one cases move to. */
const V = BIRTH_VERSION;
const NEXT = V + 1;

const birthText = () => readFileSync(new URL("../../procedures/civil-status.birth-registration.json", import.meta.url), "utf8");

/** The next version: the signature state is renamed and a child's name is limited to 12 characters. */
function nextVersion(): Record<string, any> {
  const next = JSON.parse(birthText().replaceAll('"awaiting-signature"', '"awaiting-chairman-signature"'));
  next.version = NEXT;
  next.form.schema.properties.child.properties.fullName.maxLength = 12;
  return next;
}

describe.each(KINDS)("moving open cases to a newer procedure version on %s", (kind) => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "hotich", "chutich", "quantri", "kiemtra"]);
    const named = (fullName: string) => ({ data: { ...birthDeclaration(), child: { ...(birthDeclaration().child as object), fullName } } });
    // short: can move. long: its name breaks the next version's form. signing: waits in a renamed state. done: closed.
    ids.short = (await openCase(s, as("tiepnhan"), named("Lê An"))).id;
    ids.long = (await openCase(s, as("tiepnhan"), named("Nguyễn Minh An"))).id;
    ids.signing = (await openCase(s, as("tiepnhan"), named("Lê Bình"))).id;
    for (const [who, action, data] of [
      ["tiepnhan", "accept", undefined],
      ["hotich", "record", { book: "01/2026", entryNumber: "801" }],
      ["hotich", "witness-book-signature", { declarantSignedInPerson: true }],
    ] as const) expect((await act(s, as(who), ids.signing!, { action, ...(data ? { data } : {}) })).status).toBe(200);
    ids.done = (await openCase(s, as("tiepnhan"), named("Lê Cúc"))).id;
    expect((await act(s, as("tiepnhan"), ids.done!, { action: "withdraw", data: { reason: "Công dân rút hồ sơ" } })).status).toBe(200);
    expect((await request(s.app).post("/procedures").set(as("quantri")).send(nextVersion())).status).toBe(201);
  });
  afterAll(() => s?.close());

  const migrate = (body: Record<string, unknown>, who = "quantri") => request(s.app).post(`/procedures/${BIRTH}/migrate`).set(as(who)).send(body);
  const caseOf = async (id: string) => (await request(s.app).get(`/cases/${id}`).set(as("tiepnhan"))).body.case;
  const history = async (id: string) => (await request(s.app).get(`/cases/${id}/history`).set(as("tiepnhan"))).body.entries as AuditEntry[];
  const REASON = "Nghị định mới áp dụng cho hồ sơ đang giải quyết";

  it("answers a dry run with what would move and what stays, and writes nothing", async () => {
    const before = await history(ids.short!);
    const r = await migrate({ fromVersion: V, toVersion: NEXT, reason: REASON, dryRun: true });
    expect(r.status, r.text).toBe(200);
    expect(r.body.dryRun).toBe(true);
    expect(r.body.moved.map((m: { id: string }) => m.id)).toEqual([ids.short]);
    const blocked = Object.fromEntries(r.body.blocked.map((b: { id: string; reason: string }) => [b.id, b]));
    expect(blocked[ids.long!]).toMatchObject({ reason: "migration.data_invalid", errors: [expect.objectContaining({ pointer: "/data/child/fullName", rule: "maxLength" })] });
    expect(blocked[ids.signing!]).toMatchObject({ reason: "migration.state_missing", state: "awaiting-signature" });
    expect(blocked[ids.done!]).toBeUndefined(); // closed cases are not even considered
    expect((await caseOf(ids.short!)).procedureVersion).toBe(V);
    expect(await history(ids.short!)).toHaveLength(before.length);
  });

  it("moves what it can with an audited entry, keeps the appointment, and the case goes on under the next version", async () => {
    const before = await caseOf(ids.short!);
    const r = await migrate({ fromVersion: V, toVersion: NEXT, reason: REASON });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ dryRun: false, moved: [{ id: ids.short }] });
    expect(r.body.blocked).toHaveLength(2);

    const after = await caseOf(ids.short!);
    expect(after).toMatchObject({ procedureVersion: NEXT, state: before.state, dueAt: before.dueAt, version: before.version + 1 });
    const last = (await history(ids.short!)).at(-1)!;
    expect(last).toMatchObject({
      action: "system:version-migration",
      actor: { id: "o-quantri", role: "admin" },
      procedure: `${BIRTH}@${NEXT}`,
      input: { fromVersion: V, toVersion: NEXT, reason: REASON },
    });
    for (const id of [ids.long!, ids.signing!, ids.done!]) expect((await caseOf(id)).procedureVersion).toBe(V);
    // The moved case is checked against the next version's rules from now on; the others against theirs.
    expect((await act(s, as("tiepnhan"), ids.short!, { action: "accept" })).status).toBe(200);
    // The history still verifies end to end, across the versions.
    const verify = await request(s.app).post(`/audit/cases/${ids.short}/verify`).set(as("kiemtra"));
    expect(verify.body.ok, verify.body.firstFailure).toBe(true);
    // The decision is in the procedure's registry, with its reason.
    const registry = await s.db.query<{ action: string; data: Record<string, unknown> }>("select action, entry->'data' as data from registry_entries where stream = $1 order by seq", [`procedure:${BIRTH}`]);
    expect(registry.rows.at(-1)).toMatchObject({ action: "procedure.migrate-cases", data: { fromVersion: V, toVersion: NEXT, reason: REASON, moved: 1, blocked: 2 } });
    // Run again: nothing left that can move.
    const again = await migrate({ fromVersion: V, toVersion: NEXT, reason: REASON });
    expect(again.body.moved).toEqual([]);
  });

  it("is for a province's administrators, with a reason, towards a newer version in force", async () => {
    expectProblem(await migrate({ fromVersion: V, toVersion: NEXT, reason: REASON }, "hotich"), 403, "auth.forbidden");
    expect(pointersOf(expectProblem(await migrate({ fromVersion: V, toVersion: NEXT }), 400, "request.invalid"))).toEqual(["/reason"]);
    expect(pointersOf(expectProblem(await migrate({ fromVersion: String(V), toVersion: NEXT, reason: REASON }), 400, "request.invalid"))).toEqual(["/fromVersion"]);
    expectProblem(await migrate({ fromVersion: NEXT, toVersion: V, reason: REASON }), 422, "migration.invalid");
    expectProblem(await migrate({ fromVersion: V, toVersion: 9, reason: REASON }), 404, "procedure.not_found");
    const v3 = { ...nextVersion(), version: NEXT + 1, effectiveFrom: "2027-01-01" };
    expect((await request(s.app).post("/procedures").set(as("quantri")).send(v3)).status).toBe(201);
    expectProblem(await migrate({ fromVersion: NEXT, toVersion: NEXT + 1, reason: REASON }), 409, "procedure.not_in_force");
  });
});
