// Published procedure versions. Rows are immutable; compiled machines are cached per version.
import type { Queryable } from "../db/database.js";
import type { Procedure } from "../../schemas/generated/procedure.js";
import { compileProcedure, type CompiledProcedure } from "../../engine/compile.js";
import { hashJson } from "../../engine/hash.js";

export interface PublishedVersion {
  id: string;
  version: number;
  definition: Procedure;
  contentHash: string;
  /** "commune" or "province": copied from the definition. */
  level: string;
  publishedAt: string;
  publishedBy: string;
  /** From when new dossiers are received under this version: publication, or the start of its effectiveFrom date if later. */
  inForceFrom: string;
}

const toVersion = (r: Record<string, unknown>): PublishedVersion => ({
  id: String(r.id),
  version: Number(r.version),
  definition: r.definition as Procedure,
  contentHash: String(r.content_hash),
  level: String(r.level),
  publishedAt: iso(r.published_at),
  publishedBy: String(r.published_by),
  inForceFrom: iso(r.in_force_from),
});

const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();

export function contentHash(def: Procedure): string {
  return hashJson(def);
}

/** Per procedure, the version in force at `at`, or (for a procedure not in force yet) its first upcoming one. */
export async function catalogVersions(q: Queryable, at: string): Promise<Array<PublishedVersion & { upcoming: PublishedVersion | null }>> {
  const r = await q.query(
    `select distinct on (id) * from procedure_versions order by id, (in_force_from <= $1) desc, case when in_force_from <= $1 then -version else version end`,
    [at],
  );
  const later = (await q.query("select * from procedure_versions where in_force_from > $1 order by id, version", [at])).rows.map(toVersion);
  return r.rows.map(toVersion).map((v) => ({ ...v, upcoming: later.find((u) => u.id === v.id && u.version > v.version) ?? null }));
}

/** The highest published version by number, in force or not: what a new version must exceed. */
export async function latestVersion(q: Queryable, id: string): Promise<PublishedVersion | undefined> {
  const r = await q.query("select * from procedure_versions where id = $1 order by version desc limit 1", [id]);
  return r.rows[0] ? toVersion(r.rows[0]) : undefined;
}

/** The version new dossiers are received under at `at` (DOMAIN: decided under the rules in force when received). */
export async function versionInForce(q: Queryable, id: string, at: string): Promise<PublishedVersion | undefined> {
  const r = await q.query("select * from procedure_versions where id = $1 and in_force_from <= $2 order by version desc limit 1", [id, at]);
  return r.rows[0] ? toVersion(r.rows[0]) : undefined;
}

/** Whether any of these roles may receive dossiers of some published procedure (its intake.roles). */
export async function isIntakeRole(q: Queryable, roles: readonly string[]): Promise<boolean> {
  const r = await q.query("select 1 from procedure_versions where definition -> 'intake' -> 'roles' ?| $1::text[] limit 1", [[...roles]]);
  return r.rows.length > 0;
}

export async function getVersion(q: Queryable, id: string, version: number): Promise<PublishedVersion | undefined> {
  const r = await q.query("select * from procedure_versions where id = $1 and version = $2", [id, version]);
  return r.rows[0] ? toVersion(r.rows[0]) : undefined;
}

export async function listVersions(q: Queryable, id: string): Promise<PublishedVersion[]> {
  const r = await q.query("select * from procedure_versions where id = $1 order by version", [id]);
  return r.rows.map(toVersion);
}

export async function insertVersion(q: Queryable, def: Procedure, by: string, at: string, inForceFrom: string): Promise<void> {
  await q.query(
    "insert into procedure_versions (id, version, definition, content_hash, level, published_at, published_by, in_force_from) values ($1,$2,$3,$4,$5,$6,$7,$8)",
    [def.id, def.version, JSON.stringify(def), contentHash(def), def.level, at, by, inForceFrom],
  );
}

/** Compiled procedures by "id@version". Safe to cache forever: published versions never change. */
export class ProcedureCache {
  private readonly compiled = new Map<string, CompiledProcedure>();

  async get(q: Queryable, id: string, version: number): Promise<CompiledProcedure | undefined> {
    const key = `${id}@${version}`;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const v = await getVersion(q, id, version);
    if (!v) return undefined;
    const cp = compileProcedure(v.definition);
    this.compiled.set(key, cp);
    return cp;
  }
}
