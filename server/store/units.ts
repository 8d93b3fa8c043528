// Administrative units: provinces and communes (two-level local government since 1 July 2025).
import type { Queryable } from "../db/database.js";

/** A commune-level unit is a commune, a ward, a special zone, or an agency owning parts of interconnected procedures. */
export type UnitKind = "province" | "commune" | "ward" | "special-zone" | "agency";

export interface Unit {
  code: string;
  name: string;
  level: "province" | "commune";
  province: string;
  successor: string | null;
}

export async function getUnit(q: Queryable, code: string): Promise<Unit | undefined> {
  const r = await q.query("select * from units where code = $1", [code]);
  const u = r.rows[0];
  return u ? { code: String(u.code), name: String(u.name), level: u.level as Unit["level"], province: String(u.province), successor: (u.successor as string | null) ?? null } : undefined;
}

export async function upsertUnit(q: Queryable, u: Omit<Unit, "successor"> & { kind?: UnitKind }): Promise<void> {
  const kind = u.kind ?? (u.level === "province" ? "province" : u.code.endsWith("-cong-an") || u.code.endsWith("-bhxh") ? "agency" : "commune");
  await q.query("insert into units (code, name, level, kind, province) values ($1,$2,$3,$4,$5) on conflict (code) do nothing", [u.code, u.name, u.level, kind, u.province]);
}

/** Units whose cases an official may see: their own and the units merged into it, or every unit of their province for province-level staff. */
export async function visibleUnits(q: Queryable, official: { unit: string; province: string; unitLevel: string }): Promise<string[]> {
  if (official.unitLevel !== "province") return unitWithPredecessors(q, official.unit);
  const r = await q.query<{ code: string }>("select code from units where province = $1", [official.province]);
  return r.rows.map((x) => x.code);
}

/** SQL: `u(code)` = the unit given as parameter $n and every unit merged into it, directly or through earlier merges. */
export const withPredecessors = (n: number) => `with recursive u (code) as (select $${n}::text union select p.code from units p join u on p.successor = u.code)`;

/** A unit and every unit merged into it: closed cases stay under the unit that decided them. */
export async function unitWithPredecessors(q: Queryable, code: string): Promise<string[]> {
  const r = await q.query<{ code: string }>(`${withPredecessors(1)} select code from u`, [code]);
  return r.rows.map((x) => x.code);
}
