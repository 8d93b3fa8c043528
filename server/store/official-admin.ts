// The officials an administrator manages: listed and searched within a province, created,
// renamed or moved to another unit, deactivated and reactivated. Checks and audit live in
// server/officials/admin.ts; this file is only the SQL.
import type { Queryable } from "../db/database.js";

export interface OfficialListItem {
  id: string;
  username: string;
  fullName: string;
  unit: string;
  roles: string[];
  active: boolean;
  deactivatedAt: string | null;
  deactivationReason: string | null;
  /** Open cases this official holds now. */
  openCases: number;
}

export interface OfficialQuery {
  province: string;
  /** Words matched against the name and the username, without accents or case. */
  q?: string;
  unit?: string;
  active?: boolean;
  limit: number;
}

export async function listOfficials(db: Queryable, f: OfficialQuery): Promise<OfficialListItem[]> {
  const params: unknown[] = [f.province];
  const where = ["u.province = $1"];
  if (f.unit !== undefined) where.push(`o.unit = $${params.push(f.unit)}`);
  if (f.active !== undefined) where.push(`o.active = $${params.push(f.active)}`);
  for (const word of (f.q ?? "").split(/\s+/).filter(Boolean)) {
    const p = `$${params.push(`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`;
    where.push(`(search_fold(o.full_name) like search_fold(${p}) or o.username like lower(${p}))`);
  }
  const r = await db.query<Record<string, unknown>>(
    `select o.id, o.username, o.full_name, o.unit, o.roles, o.active, o.deactivated_at, o.deactivation_reason,
            (select count(*)::int from cases c where c.assignee = o.id and c.closed_at is null) as open_cases
       from officials o join units u on u.code = o.unit
      where ${where.join(" and ")}
      order by o.unit, o.full_name, o.id
      limit $${params.push(f.limit)}`,
    params,
  );
  return r.rows.map((x) => ({
    id: String(x.id),
    username: String(x.username),
    fullName: String(x.full_name),
    unit: String(x.unit),
    roles: x.roles as string[],
    active: Boolean(x.active),
    deactivatedAt: x.deactivated_at ? new Date(x.deactivated_at as string).toISOString() : null,
    deactivationReason: (x.deactivation_reason as string | null) ?? null,
    openCases: Number(x.open_cases),
  }));
}

/** False when the username is taken. */
export async function createOfficialRow(
  db: Queryable,
  o: { id: string; username: string; passwordHash: string; fullName: string; unit: string; roles: string[]; at: string },
): Promise<boolean> {
  const r = await db.query(
    `insert into officials (id, username, password_hash, full_name, unit, roles, created_at) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict do nothing`,
    [o.id, o.username, o.passwordHash, o.fullName, o.unit, o.roles, o.at],
  );
  return r.rowCount === 1;
}

export async function updateOfficialRow(db: Queryable, id: string, fullName: string, unit: string): Promise<void> {
  await db.query("update officials set full_name = $2, unit = $3 where id = $1", [id, fullName, unit]);
}

export async function setOfficialActive(db: Queryable, id: string, active: boolean, at: string | null, reason: string | null): Promise<void> {
  await db.query("update officials set active = $2, deactivated_at = $3, deactivation_reason = $4 where id = $1", [id, active, at, reason]);
}
