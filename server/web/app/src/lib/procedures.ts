// Procedure versions are immutable once published, so each id@version is fetched once per page load.
import { api } from "./api.js";
import type { CatalogItem, ProcedureVersion } from "./types.js";
import { orderProcedure } from "./order.js";

async function fetchVersion(path: string): Promise<ProcedureVersion> {
  const v = await api.get<ProcedureVersion>(path);
  return { ...v, definition: orderProcedure(v.definition) };
}

const versions = new Map<string, Promise<ProcedureVersion>>();

export function procedureVersion(id: string, version?: number): Promise<ProcedureVersion> {
  if (version === undefined) return fetchVersion(`/procedures/${encodeURIComponent(id)}`);
  const key = `${id}@${version}`;
  let p = versions.get(key);
  if (!p) {
    p = fetchVersion(`/procedures/${encodeURIComponent(id)}?version=${version}`);
    p.catch(() => versions.delete(key));
    versions.set(key, p);
  }
  return p;
}

export async function catalog(): Promise<CatalogItem[]> {
  return (await api.get<{ items: CatalogItem[] }>("/procedures")).items;
}
