// Queues and holders: claim, release, a supervisor's reassignment, the hold lapsing when the
// case moves to another role's queue, and the audit entries naming both holders.
import { describe, it, expect } from "vitest";
import { act, actor, loadProcedure, open, staff, OTHER_UNIT, PROVINCE } from "../support/engine.js";
import { birthDeclaration, birthDocuments } from "../support/server.js";
import { assign, canHold, holder, type Candidate } from "../../engine/reassign.js";
import { moveToSuccessor } from "../../engine/unit-merge.js";
import { verifyChain } from "../../engine/audit/entry.js";
import type { Actor, AuditEntry, CaseState } from "../../engine/case.js";

const birth = loadProcedure("civil-status.birth-registration");
const NOW = "2026-03-02T03:00:00.000Z";
const reception2 = actor("vu.tiep-nhan-2", ["reception"]);
const supervisor = actor("do.truong-bo-phan", ["supervisor", "reception"]);
const cand = (a: Actor, over: Partial<Candidate> = {}): Candidate => ({ id: a.id, unit: a.unit, roles: a.roles, active: true, ...over });

function step(c: CaseState, r: ReturnType<typeof assign>): { case: CaseState; entry: AuditEntry | null } {
  if (!r.ok) throw r.error;
  return r;
}
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? "ok" : r.error!.code);

describe("claim and release", () => {
  it("an official of the queue's role claims an unheld case; a retry changes nothing; another official is refused", () => {
    const w = open(birth, birthDeclaration(), birthDocuments());
    expect(holder(birth, w.case)).toBeNull();
    const claimed = step(w.case, assign(birth, w.case, { kind: "claim" }, staff.reception, NOW));
    expect(claimed.case).toMatchObject({ assignee: staff.reception.id, assigneeRole: "reception", version: w.case.version + 1 });
    expect(claimed.entry).toMatchObject({ action: "system:claim", actor: { id: staff.reception.id, role: "reception" }, input: { queue: "reception", previousAssignee: null, assignee: staff.reception.id } });
    expect(holder(birth, claimed.case)).toBe(staff.reception.id);
    expect(step(claimed.case, assign(birth, claimed.case, { kind: "claim" }, staff.reception, NOW)).entry).toBeNull();
    expect(code(assign(birth, claimed.case, { kind: "claim" }, reception2, NOW))).toBe("assignment.already_claimed");
    expect(code(assign(birth, claimed.case, { kind: "claim" }, staff.civilStatus, NOW))).toBe("actor.role_not_permitted");
    expect(code(assign(birth, claimed.case, { kind: "release" }, reception2, NOW))).toBe("assignment.not_holder");
    const released = step(claimed.case, assign(birth, claimed.case, { kind: "release" }, staff.reception, NOW));
    expect(released.case.assignee).toBeNull();
    expect(released.entry).toMatchObject({ action: "system:release", input: { previousAssignee: staff.reception.id, assignee: null } });
    expect(verifyChain(w.case.id, [...w.entries, claimed.entry!, released.entry!])).toEqual([]);
  });

  it("the hold lapses when the case moves to another role's queue", async () => {
    const w = open(birth, birthDeclaration(), birthDocuments());
    const claimed = step(w.case, assign(birth, w.case, { kind: "claim" }, staff.reception, NOW));
    w.case = claimed.case;
    w.entries.push(claimed.entry!);
    await act(w, staff.reception, { action: "accept" });
    expect(w.case.state).toBe("verification");
    expect(holder(birth, w.case)).toBeNull();
    const taken = step(w.case, assign(birth, w.case, { kind: "claim" }, staff.civilStatus, NOW));
    expect(taken.entry!.input).toMatchObject({ queue: "civil-status", previousAssignee: null, assignee: staff.civilStatus.id });
  });
});

describe("reassignment by a supervisor", () => {
  it("hands a held case to another official of the queue's role, naming both in the history", () => {
    const w = open(birth, birthDeclaration(), birthDocuments());
    const claimed = step(w.case, assign(birth, w.case, { kind: "claim" }, staff.reception, NOW));
    const moved = step(claimed.case, assign(birth, claimed.case, { kind: "reassign", to: cand(reception2), reason: "nghỉ việc" }, supervisor, NOW));
    expect(moved.case.assignee).toBe(reception2.id);
    expect(moved.entry).toMatchObject({ action: "system:reassign", actor: { id: supervisor.id, role: "supervisor" }, input: { previousAssignee: staff.reception.id, assignee: reception2.id, reason: "nghỉ việc" } });
    const queued = step(moved.case, assign(birth, moved.case, { kind: "reassign", to: null }, supervisor, NOW));
    expect(queued.case.assignee).toBeNull();
  });

  it("refuses non-supervisors and officials who cannot hold the case", () => {
    const w = open(birth, birthDeclaration(), birthDocuments());
    expect(code(assign(birth, w.case, { kind: "reassign", to: cand(reception2) }, staff.reception, NOW))).toBe("actor.role_not_permitted");
    expect(code(assign(birth, w.case, { kind: "reassign", to: cand(staff.civilStatus) }, supervisor, NOW))).toBe("assignment.target_invalid");
    expect(code(assign(birth, w.case, { kind: "reassign", to: cand(reception2, { active: false }) }, supervisor, NOW))).toBe("assignment.target_invalid");
    expect(code(assign(birth, w.case, { kind: "reassign", to: cand(reception2, { unit: OTHER_UNIT }) }, supervisor, NOW))).toBe("assignment.target_invalid");
    expect(canHold(birth, w.case, cand(reception2))).toBe(true);
    expect(code(assign(birth, w.case, { kind: "claim" }, { ...reception2, unit: OTHER_UNIT }, NOW))).toBe("actor.unit_not_permitted");
  });
});

describe("moving to a successor unit", () => {
  it("moves an open case with an entry naming both units; closed cases stay", async () => {
    const admin: Actor = { id: "hoang.quan-tri", unit: "79", province: "79", roles: ["admin"] };
    const w = open(birth, birthDeclaration(), birthDocuments());
    const r = moveToSuccessor(birth, w.case, { into: "xa-moi", province: "79" }, admin, NOW);
    if (!r.ok) throw r.error;
    expect(r.case.unit).toBe("xa-moi");
    expect(r.entry).toMatchObject({ action: "system:unit-merge", actor: { id: admin.id, role: "admin" }, input: { fromUnit: w.case.unit, toUnit: "xa-moi" } });
    expect(code(moveToSuccessor(birth, w.case, { into: "xa-moi", province: "79" }, { ...admin, province: "01" }, NOW))).toBe("actor.unit_not_permitted");
    expect(code(moveToSuccessor(birth, w.case, { into: "xa-moi", province: "79" }, { ...admin, roles: ["supervisor"] }, NOW))).toBe("actor.role_not_permitted");
    await act(w, staff.reception, { action: "withdraw", data: {} });
    expect(code(moveToSuccessor(birth, w.case, { into: "xa-moi", province: "79" }, admin, NOW))).toBe("case.closed");
  });
});

describe("releasing a deactivated official's cases", () => {
  const admin = actor("hoang.quan-tri", ["admin"], PROVINCE);
  it("an administrator of the case's province puts the departed holder's case back in its queue, with the reason", () => {
    const w = open(birth, birthDeclaration(), birthDocuments());
    const claimed = step(w.case, assign(birth, w.case, { kind: "claim" }, staff.reception, NOW));
    const req = { kind: "release-departed", departed: staff.reception.id, reason: "Chuyển công tác" } as const;
    const released = step(claimed.case, assign(birth, claimed.case, req, admin, NOW));
    expect(released.case).toMatchObject({ assignee: null, assigneeRole: null });
    expect(released.entry).toMatchObject({ action: "system:reassign", actor: { id: admin.id, role: "admin" }, input: { queue: "reception", previousAssignee: staff.reception.id, assignee: null, reason: "Chuyển công tác" } });
    expect(verifyChain(w.case.id, [...w.entries, claimed.entry!, released.entry!])).toEqual([]);
    // Someone else's hold is left alone; other roles and other provinces are refused.
    expect(step(claimed.case, assign(birth, claimed.case, { ...req, departed: reception2.id }, admin, NOW)).entry).toBeNull();
    expect(code(assign(birth, claimed.case, req, supervisor, NOW))).toBe("actor.role_not_permitted");
    expect(code(assign(birth, claimed.case, req, { ...admin, province: "99" }, NOW))).toBe("actor.unit_not_permitted");
  });
});
