// Officials, their units and roles, and the certificates registered to them.
import type { Queryable } from "../db/database.js";

export interface Official {
  id: string;
  username: string;
  fullName: string;
  unit: string;
  province: string;
  unitLevel: "province" | "commune";
  roles: string[];
  active: boolean;
}

const SELECT = `select o.*, u.province, u.level as unit_level from officials o join units u on u.code = o.unit`;

const toOfficial = (r: Record<string, unknown>): Official => ({
  id: String(r.id),
  username: String(r.username),
  fullName: String(r.full_name),
  unit: String(r.unit),
  province: String(r.province),
  unitLevel: r.unit_level as Official["unitLevel"],
  roles: r.roles as string[],
  active: Boolean(r.active),
});

export async function findByUsername(q: Queryable, username: string): Promise<(Official & { passwordHash: string }) | undefined> {
  const r = await q.query(`${SELECT} where o.username = $1`, [username]);
  return r.rows[0] ? { ...toOfficial(r.rows[0]), passwordHash: String(r.rows[0].password_hash) } : undefined;
}

/** The official and their registered certificate fingerprints in one round trip (every request needs both). */
export async function getOfficialWithCertificates(q: Queryable, id: string): Promise<(Official & { certificates: string[] }) | undefined> {
  const r = await q.query(
    `${SELECT.replace("select o.*", `select o.*, array(select c.fingerprint from official_certificates c where c.official_id = o.id and c.unregistered_at is null) as certificates`)} where o.id = $1`,
    [id],
  );
  return r.rows[0] ? { ...toOfficial(r.rows[0]), certificates: (r.rows[0].certificates as string[] | null) ?? [] } : undefined;
}

export async function getOfficial(q: Queryable, id: string): Promise<Official | undefined> {
  const r = await q.query(`${SELECT} where o.id = $1`, [id]);
  return r.rows[0] ? toOfficial(r.rows[0]) : undefined;
}

export async function certificateFingerprints(q: Queryable, officialId: string): Promise<string[]> {
  const r = await q.query<{ fingerprint: string }>(
    "select fingerprint from official_certificates where official_id = $1 and unregistered_at is null",
    [officialId],
  );
  return r.rows.map((x) => x.fingerprint);
}

export async function insertOfficial(q: Queryable, o: { id: string; username: string; passwordHash: string; fullName: string; unit: string; roles: string[] }): Promise<void> {
  await q.query("insert into officials (id, username, password_hash, full_name, unit, roles) values ($1,$2,$3,$4,$5,$6)", [
    o.id, o.username, o.passwordHash, o.fullName, o.unit, o.roles,
  ]);
}

/** Returns false when the certificate was already registered. */
export async function insertCertificate(q: Queryable, c: { fingerprint: string; officialId: string; pem: string; subject: string; notAfter: string; at: string }): Promise<boolean> {
  const r = await q.query(
    "insert into official_certificates (fingerprint, official_id, pem, subject, not_after, registered_at) values ($1,$2,$3,$4,$5,$6) on conflict (fingerprint) do nothing",
    [c.fingerprint, c.officialId, c.pem, c.subject, c.notAfter, c.at],
  );
  return r.rowCount === 1;
}
