// Races: many clerks (or one clerk's retrying browser) act on the same case at once. Exactly one
// action may apply; every other request loses cleanly with a 409, never a 500 or a forked chain.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import type { Response } from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, act, countRows, expectNoStack, intakeBody, loginAll, openCase, snapshot } from "../support/http.js";
import { verifyChain } from "../../engine/audit/entry.js";
import type { AuditEntry } from "../../engine/case.js";

const N = 50;
const LOSING_CODES = ["case.version_conflict", "action.not_available"];

describe.each(KINDS)("concurrent actions on one case on %s", (kind) => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "truongbophan"]);
  });
  afterAll(() => s?.close());

  async function history(id: string): Promise<AuditEntry[]> {
    const h = await request(s.app).get(`/cases/${id}/history`).set(as("tiepnhan"));
    expect(h.status).toBe(200);
    return h.body.entries;
  }

  function tally(responses: Response[]) {
    for (const r of responses) {
      expect(r.status, r.text).not.toBe(500);
      if (r.status !== 200) {
        expect(r.status, r.text).toBe(409);
        expect(LOSING_CODES).toContain(r.body.code);
        expectNoStack(r.text);
      }
    }
    return responses.filter((r) => r.status === 200);
  }

  it(`applies exactly one of ${N} parallel accepts with the same expectedVersion`, async () => {
    const c = await openCase(s, as("tiepnhan"));
    const responses = await Promise.all(Array.from({ length: N }, () => act(s, as("tiepnhan"), c.id, { action: "accept", expectedVersion: c.version })));
    const won = tally(responses);
    expect(won).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(N - 1);
    const entries = await history(c.id);
    expect(entries.map((e) => e.action)).toEqual(["intake", "accept"]);
    expect(verifyChain(c.id, entries)).toEqual([]);
    const after = await snapshot(s, as("tiepnhan"), c.id);
    expect(after).toMatchObject({ version: c.version + 1, state: "verification", auditHead: entries.at(-1)!.hash });
    expect(won[0]!.body.case.auditHead).toBe(after.auditHead);
  });

  it(`applies exactly one of ${N} parallel conflicting actions by two officials`, async () => {
    const c = await openCase(s, as("tiepnhan"));
    const kinds = [
      { action: "accept" },
      { action: "request-supplement", data: { missing: "Giấy chứng sinh bản chính" } },
      { action: "withdraw", data: { reason: "người dân rút hồ sơ" } },
    ];
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) => act(s, as(i % 2 === 0 ? "tiepnhan" : "truongbophan"), c.id, { ...kinds[i % kinds.length]!, expectedVersion: c.version })),
    );
    const won = tally(responses);
    expect(won).toHaveLength(1);
    const winner = won[0]!.body.case as { state: string; version: number };
    const entries = await history(c.id);
    expect(entries).toHaveLength(2);
    expect(verifyChain(c.id, entries)).toEqual([]);
    const after = await snapshot(s, as("tiepnhan"), c.id);
    expect(after).toMatchObject({ version: c.version + 1, state: winner.state, entries: 2 });
    expect(["verification", "awaiting-supplement", "withdrawn"]).toContain(winner.state);
  });

  it(`lets ${N} parallel clients that each re-read and retry advance the case one step at a time`, async () => {
    // Without expectedVersion the server reads the version itself: a race is still settled by the
    // (id, version) guard, so no two steps ever build on the same predecessor.
    const c = await openCase(s, as("tiepnhan"));
    const toVerification = await act(s, as("tiepnhan"), c.id, { action: "accept", expectedVersion: c.version });
    expect(toVerification.status).toBe(200);
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        act(s, as("tiepnhan"), c.id, i % 2 === 0 ? { action: "request-supplement", data: { missing: "Giấy tờ tùy thân" } } : { action: "supplement" }),
      ),
    );
    for (const r of responses) expect([200, 409], r.text).toContain(r.status);
    const applied = responses.filter((r) => r.status === 200).length;
    expect(applied).toBeGreaterThanOrEqual(1);
    const entries = await history(c.id);
    expect(entries).toHaveLength(2 + applied);
    expect(verifyChain(c.id, entries)).toEqual([]);
    // Each applied step starts where the previous one ended.
    for (let i = 2; i < entries.length; i++) expect(entries[i]!.from).toBe(entries[i - 1]!.to);
    expect((await snapshot(s, as("tiepnhan"), c.id)).version).toBe(c.version + 1 + applied);
  });

  it(`creates ${N} distinct cases from ${N} parallel intakes`, async () => {
    const before = await countRows(s, "cases");
    const responses = await Promise.all(Array.from({ length: N }, () => request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody())));
    for (const r of responses) expect(r.status, r.text).toBe(201);
    expect(new Set(responses.map((r) => r.body.case.id)).size).toBe(N);
    expect(new Set(responses.map((r) => r.body.case.code)).size).toBe(N);
    expect(await countRows(s, "cases")).toBe(before + N);
  });
});
