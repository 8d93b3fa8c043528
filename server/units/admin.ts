// A province's administrator manages its units: lists them, creates a commune, ward, special
// zone or agency, renames one, dissolves one that no longer has active officials or open cases
// (a merge, server/supervision/unit-merge.ts, is how a unit with work ends), and imports a list
// of units (JSON rows or a CSV export). Every change is a registry entry: a unit's own stream for
// one change, the province's `units:<province>` stream for an import (one entry naming every unit
// it created, so a list of hundreds imports in one transaction and a few statements).
import type { Database, Queryable } from "../db/database.js";
import { MotcuaError, fieldError, fieldErrors, type FieldError } from "../../engine/errors.js";
import { collapsedText, statedReason } from "../../engine/text.js";
import { parseSheet } from "../csv-sheet.js";
import type { Principal } from "../http/auth.js";
import type { UnitKind } from "../store/units.js";
import { appendRegistryEntry } from "../audit/registry.js";
import type { LogKey } from "../audit/log-key.js";

export interface UnitAdminDeps {
  db: Database;
  logKey: LogKey;
  clock: () => string;
}

export interface UnitItem {
  code: string;
  name: string;
  kind: UnitKind;
  province: string;
  effectiveFrom: string | null;
  successor: string | null;
  dissolvedAt: string | null;
  dissolutionReason: string | null;
}

interface NewUnit {
  code: string;
  name: string;
  kind: Exclude<UnitKind, "province">;
  effectiveFrom: string | null;
}

const KINDS = ["commune", "ward", "special-zone", "agency"] as const;
const CODE_TAIL = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// A province has tens to hundreds of units; the whole country 3,321 communes.
const IMPORT_MAX = 5000;

const text = (v: unknown) => (typeof v === "string" ? collapsedText(v) : undefined);

function toItem(r: Record<string, unknown>): UnitItem {
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    code: String(r.code), name: String(r.name), kind: r.kind as UnitKind, province: String(r.province),
    effectiveFrom: r.effective_from ? String(r.effective_from instanceof Date ? r.effective_from.toISOString().slice(0, 10) : r.effective_from).slice(0, 10) : null,
    successor: (r.successor as string | null) ?? null, dissolvedAt: iso(r.dissolved_at), dissolutionReason: (r.dissolution_reason as string | null) ?? null,
  };
}

export class UnitAdmin {
  constructor(private readonly d: UnitAdminDeps) {}

  /** The province's units; dissolved and merged ones only when asked (their closed cases remain). */
  async list(p: Principal, f: { kind?: string; all?: boolean }): Promise<UnitItem[]> {
    const params: unknown[] = [p.province];
    const where = ["province = $1"];
    if (f.kind !== undefined) where.push(`kind = $${params.push(f.kind)}`);
    if (!f.all) where.push("dissolved_at is null and successor is null");
    const r = await this.d.db.query<Record<string, unknown>>(`select * from units where ${where.join(" and ")} order by level desc, code`, params);
    return r.rows.map(toItem);
  }

  async create(p: Principal, body: Record<string, unknown>): Promise<UnitItem> {
    const errors: FieldError[] = [];
    const u = this.checkNew(p, body, "", errors);
    if (!u) throw fieldErrors(errors);
    await this.d.db.tx(async (q) => {
      if ((await insertUnits(q, p.province, [u])) !== 1) throw new MotcuaError("unit.exists", `unit ${u.code} exists`, { errors: [{ pointer: "/code", rule: "unique", message: "exists" }] });
      await appendRegistryEntry(q, this.d.logKey, { stream: `unit:${u.code}`, province: p.province, at: this.d.clock(), actorId: p.id, action: "unit.create", data: u });
    });
    return this.get(p, u.code);
  }

  async rename(p: Principal, code: string, body: Record<string, unknown>): Promise<UnitItem> {
    const u = await this.get(p, code);
    for (const k of Object.keys(body)) if (k !== "name") throw fieldError(`/${k}`, "additionalProperties", "only the name changes (a unit's code is its identity; merge to replace it)");
    const name = text(body.name);
    if (!name || name.length > 200) throw fieldError("/name", "minLength", "a name of 1 to 200 characters");
    if (u.dissolvedAt || u.successor) throw new MotcuaError("unit.dissolved", `unit ${code} no longer exists`);
    if (name === u.name) return u;
    await this.d.db.tx(async (q) => {
      await q.query("update units set name = $2 where code = $1", [code, name]);
      await appendRegistryEntry(q, this.d.logKey, { stream: `unit:${code}`, province: p.province, at: this.d.clock(), actorId: p.id, action: "unit.rename", data: { from: u.name, to: name } });
    });
    return this.get(p, code);
  }

  async dissolve(p: Principal, code: string, body: Record<string, unknown>): Promise<UnitItem> {
    const reason = statedReason(body.reason);
    const at = this.d.clock();
    await this.d.db.tx(async (q) => {
      const r = await q.query<Record<string, unknown>>("select * from units where code = $1 and province = $2 for update", [code, p.province]);
      if (!r.rows[0]) throw new MotcuaError("unit.not_found", code);
      const u = toItem(r.rows[0]);
      if (u.kind === "province") throw new MotcuaError("unit.merge_invalid", "a province is not dissolved here");
      if (u.dissolvedAt || u.successor) throw new MotcuaError("unit.dissolved", `unit ${code} no longer exists`);
      // Nothing may be stranded: people and open dossiers move first (a merge moves both).
      const busy = await q.query<{ officials: number; cases: number }>(
        `select (select count(*)::int from officials where unit = $1 and active) as officials,
                (select count(*)::int from cases where unit = $1 and closed_at is null) as cases`,
        [code],
      );
      const { officials, cases } = busy.rows[0]!;
      if (officials > 0 || cases > 0) {
        throw new MotcuaError("unit.not_empty", `unit ${code} still has ${officials} active official(s) and ${cases} open case(s): move them or merge the unit`, { extra: { officials, openCases: cases } });
      }
      await q.query("update units set dissolved_at = $2, dissolution_reason = $3 where code = $1", [code, at, reason]);
      await appendRegistryEntry(q, this.d.logKey, { stream: `unit:${code}`, province: p.province, at, actorId: p.id, action: "unit.dissolve", data: { reason } });
    });
    return this.get(p, code);
  }

  /**
   * {units: [{code, name, kind, effectiveFrom?}]} or {csv} with the header code,name,kind and
   * optionally effectiveFrom; {dryRun: true} reports without writing. All or nothing; every problem
   * at /units/<i>/<field> (JSON, from 0) or /rows/<n>/<column> (CSV, data rows from 1).
   */
  async import(p: Principal, body: Record<string, unknown>) {
    if (body.dryRun !== undefined && typeof body.dryRun !== "boolean") throw fieldError("/dryRun", "type", "true or false");
    let rows: Array<Record<string, unknown>>;
    let at: (i: number) => string;
    if (typeof body.csv === "string") {
      rows = parseSheet(body.csv, { required: ["code", "name", "kind"], optional: ["effectiveFrom"], maxRows: IMPORT_MAX });
      at = (i) => `/rows/${i + 1}`;
    } else if (Array.isArray(body.units)) {
      rows = body.units.map((x) => (x && typeof x === "object" ? (x as Record<string, unknown>) : {}));
      at = (i) => `/units/${i}`;
    } else throw fieldError("/units", "required", "give units (a list) or csv (a sheet's text)");
    if (rows.length === 0 || rows.length > IMPORT_MAX) throw fieldError(typeof body.csv === "string" ? "/csv" : "/units", "maxItems", `1 to ${IMPORT_MAX} units`);
    const errors: FieldError[] = [];
    const valid: NewUnit[] = [];
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      const u = this.checkNew(p, row, at(i), errors);
      if (!u) return;
      if (seen.has(u.code)) errors.push({ pointer: `${at(i)}/code`, rule: "unique", message: `appears twice (also ${at(seen.get(u.code)!)})` });
      else valid.push(u);
      seen.set(u.code, i);
    });
    // Codes that exist already, in one query.
    const taken = await this.d.db.query<{ code: string }>("select code from units where code = any($1)", [valid.map((u) => u.code)]);
    for (const { code } of taken.rows) errors.push({ pointer: `${at(seen.get(code)!)}/code`, rule: "unique", message: "exists" });
    errors.sort((a, b) => a.pointer.localeCompare(b.pointer, "en", { numeric: true }));
    if (body.dryRun === true) return { dryRun: true, ok: errors.length === 0, count: rows.length, problems: errors, created: 0 };
    if (errors.length > 0) throw fieldErrors(errors, `${errors.length} problem(s) in the list; nothing was imported`);
    await this.d.db.tx(async (q) => {
      // Another import may have taken a code since the check: the unique key refuses it and the whole import rolls back.
      if ((await insertUnits(q, p.province, valid)) !== valid.length) throw new MotcuaError("unit.exists", "a unit of the list was created meanwhile; nothing was imported");
      await appendRegistryEntry(q, this.d.logKey, { stream: `units:${p.province}`, province: p.province, at: this.d.clock(), actorId: p.id, action: "unit.import", data: { units: valid } });
    });
    return { dryRun: false, ok: true, count: rows.length, problems: [], created: valid.length };
  }

  async get(p: Principal, code: string): Promise<UnitItem> {
    const r = await this.d.db.query<Record<string, unknown>>("select * from units where code = $1 and province = $2", [code, p.province]);
    if (!r.rows[0]) throw new MotcuaError("unit.not_found", code);
    return toItem(r.rows[0]);
  }

  private checkNew(p: Principal, row: Record<string, unknown>, at: string, errors: FieldError[]): NewUnit | undefined {
    const mine: FieldError[] = [];
    const code = typeof row.code === "string" ? row.code.trim() : "";
    const prefix = `${p.province}-`;
    if (!code.startsWith(prefix) || !CODE_TAIL.test(code.slice(prefix.length)) || code.length > 80) {
      mine.push({ pointer: "/code", rule: "pattern", message: `'${prefix}' then lower-case letters and digits in words joined by '-' (e.g. ${prefix}ba-dinh)` });
    }
    const name = text(row.name);
    if (!name || name.length > 200) mine.push({ pointer: "/name", rule: "minLength", message: "a name of 1 to 200 characters" });
    const kind = row.kind;
    if (!KINDS.includes(kind as (typeof KINDS)[number])) mine.push({ pointer: "/kind", rule: "enum", message: `one of ${KINDS.join(", ")}` });
    const from = row.effectiveFrom === undefined || row.effectiveFrom === "" ? null : row.effectiveFrom;
    if (from !== null && (typeof from !== "string" || !DATE.test(from) || Number.isNaN(Date.parse(from)))) mine.push({ pointer: "/effectiveFrom", rule: "format", message: "a date YYYY-MM-DD" });
    errors.push(...mine.map((e) => ({ ...e, pointer: `${at}${e.pointer}` })));
    return mine.length === 0 ? { code, name: name!, kind: kind as NewUnit["kind"], effectiveFrom: from as string | null } : undefined;
  }
}

/** One statement for any number of units; answers how many were inserted (a taken code is skipped). */
async function insertUnits(q: Queryable, province: string, units: NewUnit[]): Promise<number> {
  const r = await q.query(
    `insert into units (code, name, level, kind, province, effective_from)
     select code, name, 'commune', kind, $1, effective_from::date from unnest($2::text[], $3::text[], $4::text[], $5::text[]) as t (code, name, kind, effective_from)
     on conflict (code) do nothing`,
    [province, units.map((u) => u.code), units.map((u) => u.name), units.map((u) => u.kind), units.map((u) => u.effectiveFrom)],
  );
  return r.rowCount ?? 0;
}
