// People read names, not codes: unit codes (01-ba-dinh) and official ids (o-hotich) are shown by
// the names GET /directory gives, fetched once per signed-in official; the code stays the
// fallback while it loads or for an unknown one.
import { api } from "./api.js";
import { useSession } from "./session.js";
import { useAsync } from "./use-async.js";

interface DirectoryResponse {
  units: Array<{ code: string; name: string }>;
  officials: Array<{ id: string; fullName: string; unit: string }>;
}

export interface Names {
  unit(code: string | null | undefined): string;
  official(id: string | null | undefined): string;
  units: DirectoryResponse["units"];
  officials: DirectoryResponse["officials"];
}

const cache = new Map<string, Promise<DirectoryResponse>>();

function load(officialId: string): Promise<DirectoryResponse> {
  let p = cache.get(officialId);
  if (!p) {
    p = api.get<DirectoryResponse>("/directory");
    p.catch(() => cache.delete(officialId));
    cache.set(officialId, p);
  }
  return p;
}

export function useNames(): Names {
  const { me } = useSession();
  const d = useAsync(() => load(me.id), [me.id]);
  const units = new Map((d.data?.units ?? []).map((u) => [u.code, u.name]));
  const officials = new Map((d.data?.officials ?? []).map((o) => [o.id, o.fullName]));
  return {
    unit: (code) => (code ? (units.get(code) ?? code) : "—"),
    official: (id) => (id ? (officials.get(id) ?? id) : "—"),
    units: d.data?.units ?? [],
    officials: d.data?.officials ?? [],
  };
}
