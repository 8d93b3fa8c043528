// Replays committed case histories against the current engine (STYLE.md #9): the same requests
// at the same instants must rebuild the same states and the same audit hashes. A failure means a
// change to the engine would alter how old evidence hashes or how old cases are decided.
import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { webcrypto } from "node:crypto";
import { compileProcedure } from "../../engine/compile.js";
import { openCase } from "../../engine/intake.js";
import { applyAction } from "../../engine/apply.js";
import { verifyChain } from "../../engine/audit/entry.js";
import type { WorkingCalendar } from "../../engine/calendar.js";
import type { AuditEntry } from "../../engine/case.js";
import type { History } from "../fixtures/histories/history.js";

const dir = new URL("../fixtures/histories/", import.meta.url);
const histories = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => JSON.parse(readFileSync(new URL(f, dir), "utf8")) as History);
const v1dir = new URL("../fixtures/histories/v1/", import.meta.url);
const v1 = readdirSync(v1dir).map((f) => JSON.parse(readFileSync(new URL(f, v1dir), "utf8")) as { name: string; final: { id: string; auditHead: string }; entries: AuditEntry[] });

describe("recorded histories replay identically", () => {
  it("has histories to replay", () => expect(histories.length).toBeGreaterThanOrEqual(2));

  for (const h of histories) {
    it(h.name, async () => {
      const cp = compileProcedure(h.definition);
      const calendar = h.calendar as WorkingCalendar;
      const o = openCase(cp, h.intake.input, h.intake.actor, { now: h.intake.now, calendar });
      if (!o.ok) throw o.error;
      let c = o.case;
      const entries: AuditEntry[] = [o.entry];
      for (const s of h.steps) {
        const r = await applyAction(cp, c, s.request, s.actor, { now: s.now, calendar, trust: h.trust, crypto: webcrypto as unknown as Crypto });
        if (!r.ok) throw r.error;
        c = r.case;
        entries.push(r.entry);
      }
      expect(entries.map((e) => e.hash)).toEqual(h.hashes);
      expect(c).toEqual(h.final);
      expect(verifyChain(c.id, entries)).toEqual([]);
    });
  }

  it("the supplement history crossed Tết with the clock paused", () => {
    const h = histories.find((x) => x.name === "birth-with-supplement")!;
    // Received Fri 13 Feb 14:30 local (before the 15:00 cut-off): due that day 17:00 local.
    expect(h.final.originalDueAt).toBe("2026-02-13T10:00:00.000Z");
    // Paused Fri 13 Feb, resumed Tue 24 Feb: working days in [13 Feb, 24 Feb) are Fri 13 and Mon 23
    // (14-22 Feb is Tết), so the appointment moves two working days to Tue 24 Feb 17:00 local.
    expect(h.final.pausedWorkingDays).toBe(2);
    expect(h.final.dueAt).toBe("2026-02-24T10:00:00.000Z");
  });
});

// Evidence outlives the engine that wrote it: entries sealed under hash scheme 1, before the chain
// committed to the whole case (2 December 2026), must keep verifying under their own rule.
describe("entries recorded under hash scheme 1", () => {
  it("has them", () => expect(v1.length).toBeGreaterThanOrEqual(2));
  for (const h of v1) {
    it(`${h.name} still verifies`, () => {
      expect(h.entries.every((e) => e.v === 1)).toBe(true);
      expect(verifyChain(h.final.id, h.entries)).toEqual([]);
      expect(h.entries.at(-1)!.hash).toBe(h.final.auditHead);
    });
    it(`${h.name}: a changed v1 entry is caught`, () => {
      const changed = h.entries.map((e, i) => (i === 1 ? { ...e, actor: { ...e.actor, id: "o-someone-else" } } : e));
      expect(verifyChain(h.final.id, changed).map((p) => p.problem)).toContain("hash_mismatch");
    });
  }
});
