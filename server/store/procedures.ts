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
  publishedAt: string;
  publishedBy: string;
}

const toVersion = (r: Record<string, unknown>): PublishedVersion => ({
  id: String(r.id),
  version: Number(r.version),
  definition: r.definition as Procedure,
  contentHash: String(r.content_hash),
  publishedAt: (r.published_at instanceof Date ? r.published_at : new Date(String(r.published_at))).toISOString(),
  publishedBy: String(r.published_by),
});

export function contentHash(def: Procedure): string {
  return hashJson(def);
}

export async function latestVersions(q: Queryable): Promise<PublishedVersion[]> {
  const r = await q.query("select distinct on (id) * from procedure_versions order by id, version desc");
  return r.rows.map(toVersion);
}

export async function getVersion(q: Queryable, id: string, version?: number): Promise<PublishedVersion | undefined> {
  const r = version === undefined
    ? await q.query("select * from procedure_versions where id = $1 order by version desc limit 1", [id])
    : await q.query("select * from procedure_versions where id = $1 and version = $2", [id, version]);
  return r.rows[0] ? toVersion(r.rows[0]) : undefined;
}

export async function listVersions(q: Queryable, id: string): Promise<PublishedVersion[]> {
  const r = await q.query("select * from procedure_versions where id = $1 order by version", [id]);
  return r.rows.map(toVersion);
}

export async function insertVersion(q: Queryable, def: Procedure, by: string, at: string): Promise<void> {
  await q.query(
    "insert into procedure_versions (id, version, definition, content_hash, level, published_at, published_by) values ($1,$2,$3,$4,$5,$6,$7)",
    [def.id, def.version, JSON.stringify(def), contentHash(def), def.level, at, by],
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
