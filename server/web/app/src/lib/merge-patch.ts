// The RFC 7396 merge patch that turns `before` into `after`: a supplement sends only what the
// citizen corrected or added, and null for what was removed (the server applies the same RFC).
type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> => !!v && typeof v === "object" && !Array.isArray(v);

export function mergePatchBetween(before: Json, after: Json): Json {
  if (!isObj(before) || !isObj(after)) return after;
  const patch: Record<string, Json> = {};
  for (const k of Object.keys(before)) if (!(k in after)) patch[k] = null;
  for (const [k, v] of Object.entries(after)) {
    if (!(k in before)) patch[k] = v;
    else if (JSON.stringify(before[k]) !== JSON.stringify(v)) patch[k] = isObj(before[k]) && isObj(v) ? mergePatchBetween(before[k], v) : v;
  }
  return patch;
}
