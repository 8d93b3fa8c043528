// Procedure versions are immutable once published, so each id@version is fetched once per page load.
import { api } from "./api.js";
import type { CatalogItem, ProcedureVersion } from "./types.js";

const versions = new Map<string, Promise<ProcedureVersion>>();

export function procedureVersion(id: string, version?: number): Promise<ProcedureVersion> {
  if (version === undefined) return api.get<ProcedureVersion>(`/procedures/${encodeURIComponent(id)}`);
  const key = `${id}@${version}`;
  let p = versions.get(key);
  if (!p) {
    p = api.get<ProcedureVersion>(`/procedures/${encodeURIComponent(id)}?version=${version}`);
    p.catch(() => versions.delete(key));
    versions.set(key, p);
  }
  return p;
}

export async function catalog(): Promise<CatalogItem[]> {
  return (await api.get<{ items: CatalogItem[] }>("/procedures")).items;
}
