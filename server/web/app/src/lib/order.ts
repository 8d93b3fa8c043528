// Restores a readable key order to procedure definitions. The server stores them as PostgreSQL
// jsonb, which keeps keys sorted by length, so "copies" comes back before "mother" and "sex"
// before "fullName". Order follows schemas/procedure.schema.json; states follow the flow from the
// initial state; a form's fields follow its `required` list (the order the file declares them),
// optional fields next to their siblings of the same shape (the father after the mother).
import procedureSchema from "../../../../../schemas/procedure.schema.json" with { type: "json" };
import type { Procedure } from "./types.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);

function withOrder(o: Obj, first: string[]): Obj {
  const out: Obj = {};
  for (const k of first) if (k in o) out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out)) out[k] = o[k];
  return out;
}

const KEYWORDS = ["$schema", "$id", "type", "title", "x-title-en", "description", "const", "enum", "oneOf", "format", "pattern", "minLength", "maxLength", "minimum", "maximum", "items", "additionalProperties", "required", "properties", "$defs"];

/** A JSON Schema (a form, an action's data) with keywords and fields in reading order. */
export function orderJsonSchema(s: unknown): unknown {
  if (!isObj(s)) return s;
  const out = withOrder(s, KEYWORDS);
  if (isObj(out.properties)) {
    const props = out.properties;
    const req = Array.isArray(out.required) ? (out.required as string[]).filter((k) => k in props) : [];
    const keys = [...req];
    for (const k of Object.keys(props)) {
      if (keys.includes(k)) continue;
      const ref = isObj(props[k]) ? (props[k] as Obj).$ref : undefined;
      let sibling = -1;
      if (ref !== undefined) keys.forEach((x, i) => isObj(props[x]) && (props[x] as Obj).$ref === ref && (sibling = i));
      keys.splice(sibling < 0 ? keys.length : sibling + 1, 0, k);
    }
    out.properties = Object.fromEntries(keys.map((k) => [k, orderJsonSchema(props[k])]));
  }
  if (isObj(out.$defs)) out.$defs = Object.fromEntries(Object.entries(out.$defs).map(([k, v]) => [k, orderJsonSchema(v)]));
  if (isObj(out.items)) out.items = orderJsonSchema(out.items);
  return out;
}

type SchemaNode = Obj;
const DEFS = (procedureSchema as Obj).$defs as Record<string, SchemaNode>;

function deref(s: SchemaNode): SchemaNode {
  const ref = s.$ref;
  return typeof ref === "string" && ref.startsWith("#/$defs/") ? deref(DEFS[ref.slice(8)] ?? {}) : s;
}

/** Property names a schema node declares, through $ref and oneOf branches, in declaration order. */
function declared(s: SchemaNode): string[] {
  const d = deref(s);
  const own = isObj(d.properties) ? Object.keys(d.properties) : [];
  const branches = Array.isArray(d.oneOf) ? (d.oneOf as SchemaNode[]).flatMap(declared) : [];
  return [...new Set([...own, ...branches])];
}

function propertySchema(s: SchemaNode, key: string): SchemaNode | undefined {
  const d = deref(s);
  if (isObj(d.properties) && isObj(d.properties[key])) return d.properties[key] as SchemaNode;
  for (const b of Array.isArray(d.oneOf) ? (d.oneOf as SchemaNode[]) : []) {
    const p = propertySchema(b, key);
    if (p) return p;
  }
  return isObj(d.additionalProperties) ? (d.additionalProperties as SchemaNode) : undefined;
}

function orderBySchema(v: unknown, s: SchemaNode | undefined, path: string): unknown {
  if (path === "/form/schema" || /^\/actions\/\d+\/data$/.test(path)) return orderJsonSchema(v);
  if (Array.isArray(v)) {
    const items = s ? (deref(s).items as SchemaNode | undefined) : undefined;
    return v.map((x, i) => orderBySchema(x, items, `${path}/${i}`));
  }
  if (!isObj(v)) return v;
  const o = s ? withOrder(v, declared(s)) : v;
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, orderBySchema(x, s ? propertySchema(s, k) : undefined, `${path}/${k}`)]));
}

/** States in the order a dossier meets them: breadth-first from the initial state, then the final states (completed first). */
function flowOrder(def: Procedure): string[] {
  const seen = [def.initial];
  for (let i = 0; i < seen.length; i++) {
    for (const a of def.actions) if (a.from.includes(seen[i]!) && !seen.includes(a.to)) seen.push(a.to);
  }
  const all = [...seen, ...Object.keys(def.states).filter((s) => !seen.includes(s))].filter((s) => s in def.states);
  const rank = { completed: 0, refused: 1, withdrawn: 2 };
  const finals = all.filter((s) => def.states[s]!.kind === "final");
  finals.sort((a, b) => (rank[def.states[a]!.outcome ?? "withdrawn"] ?? 3) - (rank[def.states[b]!.outcome ?? "withdrawn"] ?? 3));
  return [...all.filter((s) => def.states[s]!.kind !== "final"), ...finals];
}

export function orderProcedure(def: Procedure): Procedure {
  if (!isObj(def) || !isObj(def.states) || !Array.isArray(def.actions)) return def;
  const out = orderBySchema(def, procedureSchema as Obj, "") as Procedure;
  out.states = Object.fromEntries(flowOrder(out).map((k) => [k, out.states[k]!]));
  return out;
}
