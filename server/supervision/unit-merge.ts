// Merging communes into a successor unit (as on 1 July 2025), in one transaction: the units get
// their successor, their officials and open cases move (each case with a "system:unit-merge"
// audit entry), closed cases stay with the unit that decided them and are found under the
// successor through units.successor (store/units.ts unitWithPredecessors). All or nothing: a
// half-done merge would leave officials in one unit and their cases in another.
import type { Database } from "../db/database.js";
import { MotcuaError } from "../../engine/errors.js";
import { moveToSuccessor } from "../../engine/unit-merge.js";
import { ADMIN_ROLE } from "../../engine/builtin-step.js";
import { type CaseService, actorOf, fieldError, ownerOf } from "../cases/service.js";
import { rowToCase, updateCaseAppendEntry } from "../store/cases.js";
import type { Principal } from "../http/auth.js";

export interface MergeOutcome {
  into: string;
  merged: string[];
  officialsMoved: string[];
  casesMoved: Array<{ id: string; code: string; fromUnit: string }>;
}

export async function mergeUnits(d: { db: Database; cases: CaseService; clock: () => string }, p: Principal, body: Record<string, unknown>): Promise<MergeOutcome> {
  // Only the province's own administration reorganises its communes.
  if (!p.roles.includes(ADMIN_ROLE) || p.unitLevel !== "province") throw new MotcuaError("auth.forbidden", `needs role '${ADMIN_ROLE}' at a province`);
  const { from, into } = readBody(body);
  const now = d.clock();
  const actor = actorOf(p);
  return d.db.tx(async (q) => {
    // Lock the units: two merges of the same commune cannot both succeed.
    const r = await q.query<{ code: string; level: string; province: string; successor: string | null }>(
      "select code, level, province, successor from units where code = any($1) order by code for update",
      [[...from, into]],
    );
    const units = new Map(r.rows.map((u) => [u.code, u]));
    for (const code of [into, ...from]) {
      const u = units.get(code);
      if (!u) throw new MotcuaError("unit.not_found", code);
      if (u.province !== p.province) throw new MotcuaError("actor.unit_not_permitted", `unit ${code} belongs to province ${u.province}`);
      if (u.level !== "commune") throw new MotcuaError("unit.merge_invalid", `unit ${code} is a ${u.level}; only communes are merged`);
      if (u.successor) throw new MotcuaError("unit.already_merged", `unit ${code} was merged into ${u.successor}`);
    }
    await q.query("update units set successor = $2, merged_at = $3 where code = any($1)", [from, into, now]);
    const officialsByUnit = new Map<string, string[]>();
    for (const unit of from) {
      const o = await q.query<{ id: string }>("update officials set unit = $2 where unit = $1 returning id", [unit, into]);
      officialsByUnit.set(unit, o.rows.map((x) => x.id));
    }
    const open = await q.query("select * from cases where unit = any($1) and closed_at is null order by received_at, id for update", [from]);
    const casesMoved: MergeOutcome["casesMoved"] = [];
    for (const row of open.rows) {
      const c = rowToCase(row);
      const cp = await d.cases.compiled(q, c);
      const m = moveToSuccessor(cp, c, { into, province: p.province }, actor, now);
      if (!m.ok) throw m.error;
      // Same write as CaseService.commit, inside this transaction (the rows are locked above).
      if (!(await updateCaseAppendEntry(q, m.case, c.version, ownerOf(cp, m.case), m.entry, d.cases.sealOf(m.entry)))) throw new MotcuaError("case.version_conflict", c.id);
      casesMoved.push({ id: c.id, code: c.code, fromUnit: c.unit });
    }
    for (const unit of from) {
      await q.query(
        "insert into unit_merges (unit, successor, province, merged_at, merged_by, open_cases_moved, officials_moved) values ($1,$2,$3,$4,$5,$6,$7)",
        [unit, into, p.province, now, p.id, casesMoved.filter((c) => c.fromUnit === unit).length, officialsByUnit.get(unit)!.length],
      );
    }
    return { into, merged: from, officialsMoved: [...officialsByUnit.values()].flat(), casesMoved };
  });
}

function readBody(body: Record<string, unknown>): { from: string[]; into: string } {
  const { from, into } = body;
  if (typeof into !== "string" || into === "") throw fieldError("/into", "required", "must name the successor unit");
  if (!Array.isArray(from) || from.length === 0 || !from.every((x) => typeof x === "string" && x !== "")) {
    throw fieldError("/from", "type", "must list the unit codes to merge");
  }
  const unique = [...new Set(from as string[])];
  if (unique.length !== from.length) throw fieldError("/from", "uniqueItems", "lists a unit twice");
  if (unique.includes(into)) throw new MotcuaError("unit.merge_invalid", `unit ${into} cannot be merged into itself`);
  return { from: unique, into };
}
