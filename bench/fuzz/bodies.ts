// Request bodies for the fuzz run, made with fast-check from the OpenAPI request schema of each
// operation: bodies shaped like the schema (with values drawn partly from the ids the server
// knows, so requests get past "not found" into the code behind it), any JSON at all, and the
// hostile texts JSON allows — deep nesting, NUL and lone surrogates, numbers that overflow or
// exceed PostgreSQL's integers, "__proto__" members, very long strings.
import fc from "fast-check";

type Schema = Record<string, any>;

export interface Known {
  /** Values a string may be drawn from: case ids and codes, officials, units, procedures, actions. */
  strings: string[];
}

const HOSTILE_STRINGS = ["", "\u0000", "a\u0000b", "a\ud800", "\udc00", "\ud83c\udf3e", "x".repeat(5_000), "' or 1=1 --", "../../etc/passwd", "%00", "null", "NaN", "Nguyễn Văn A", "Nguye\u0302\u0303n"];
const HOSTILE_NUMBERS = [0, -1, 1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e300, -1e300, 0.5, -0, 1e-320];

function resolve(doc: Schema, s: Schema | undefined): Schema {
  let out = s ?? {};
  for (let i = 0; i < 10 && typeof out.$ref === "string"; i++) {
    out = (out.$ref as string).replace(/^#\//, "").split("/").reduce((o: any, k) => o?.[k], doc) ?? {};
  }
  return out;
}

function stringArb(s: Schema, known: Known): fc.Arbitrary<string> {
  const choices: Array<fc.WeightedArbitrary<string>> = [
    { arbitrary: fc.constantFrom(...known.strings), weight: 4 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
    { arbitrary: fc.string({ unit: "binary", maxLength: 20 }), weight: 1 },
    { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 2 },
  ];
  if (Array.isArray(s.enum) && s.enum.length > 0) choices.push({ arbitrary: fc.constantFrom(...(s.enum as string[])), weight: 6 });
  if (s.format === "date") choices.push({ arbitrary: fc.constantFrom("2026-03-09", "2026-02-30", "9999-12-31", "0000-01-01", "2026-3-9"), weight: 4 });
  if (s.format === "date-time") choices.push({ arbitrary: fc.constantFrom("2026-03-02T02:00:00.000Z", "2026-13-02T00:00:00Z", "yesterday"), weight: 3 });
  return fc.oneof(...choices);
}

function numberArb(integer: boolean): fc.Arbitrary<number> {
  return fc.oneof(integer ? fc.integer() : fc.double(), fc.constantFrom(...HOSTILE_NUMBERS), fc.integer({ min: 0, max: 20 }));
}

/** Values of roughly the schema's shape; `depth` bounds recursion in self-referencing schemas. */
export function fromSchema(doc: Schema, schema: Schema | undefined, known: Known, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  if (depth > 6) return fc.constant(null);
  const alternatives = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((a) => fromSchema(doc, a, known, depth + 1)));
  if (s.const !== undefined) return fc.constant(s.const);
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ["object"] : [];
  if (types.length === 0) return fc.jsonValue({ maxDepth: 3 });
  return fc.oneof(
    ...types.map((t): fc.Arbitrary<unknown> => {
      switch (t) {
        case "object": {
          const props = Object.entries((s.properties ?? {}) as Record<string, Schema>);
          const required: string[] = s.required ?? [];
          const shaped = fc.record(Object.fromEntries(props.map(([k, v]) => [k, fromSchema(doc, v, known, depth + 1)])), { requiredKeys: required.filter((k) => props.some(([p]) => p === k)) });
          const extra = s.additionalProperties && typeof s.additionalProperties === "object" ? fc.dictionary(stringArb({}, known), fromSchema(doc, s.additionalProperties, known, depth + 1), { maxKeys: 3 }) : fc.constant({});
          return fc.tuple(shaped, extra).map(([a, b]) => ({ ...b, ...a }));
        }
        case "array":
          return fc.array(fromSchema(doc, s.items, known, depth + 1), { maxLength: 4 });
        case "string":
          return stringArb(s, known);
        case "integer":
          return numberArb(true);
        case "number":
          return numberArb(false);
        case "boolean":
          return fc.boolean();
        case "null":
          return fc.constant(null);
        default:
          return fc.jsonValue({ maxDepth: 2 });
      }
    }),
  );
}

/** What JSON.stringify cannot write, applied to the text: each turns a valid body into a hostile one. */
const MUTATIONS: Array<(text: string) => string> = [
  (t) => t.replace(/(:\s*)-?\d+(\.\d+)?/, "$11e309"),
  (t) => t.replace(/(:\s*)-?\d+(\.\d+)?/, "$19007199254740993"),
  (t) => t.replace(/(:\s*)-?\d+(\.\d+)?/, "$1-0.0e-99999"),
  (t) => t.replace(/^\{/, `{"__proto__":{"fullName":"x","book":"1","entryNumber":"1"},`),
  (t) => t.replace(/^\{/, `{"constructor":{"prototype":{"polluted":true}},`),
  (t) => t.replace(/^\{/, `{"deep":${"[".repeat(10_000)}${"]".repeat(10_000)},`),
  (t) => t.replace(/^\{/, `{"deep":${'{"a":'.repeat(60)}1${"}".repeat(60)},`),
  (t) => t.replace(/"([^"\\]*)"/, '"$1\\u0000"'),
  (t) => t.replace(/"([^"\\]*)"/, '"$1\\ud800"'),
  (t) => t.replace(/"([^"\\]*)"/, `"$1${"y".repeat(400_000)}"`),
  (t) => t.slice(0, Math.max(1, Math.floor(t.length / 2))),
  (t) => `[${t}]`,
  (t) => t.replace(/^\{/, '{"a":1,"a":{"b":2},'),
];

/** `value` with one of its leaves (chosen by `n`) replaced by `leaf`. */
function replaceLeaf(value: unknown, leaf: unknown, n: number): unknown {
  const paths: Array<Array<string | number>> = [];
  const walk = (v: unknown, path: Array<string | number>) => {
    if (v !== null && typeof v === "object") for (const [k, c] of Object.entries(v)) walk(c, [...path, Array.isArray(v) ? Number(k) : k]);
    else paths.push(path);
  };
  walk(value, []);
  const path = paths[n % Math.max(1, paths.length)] ?? [];
  if (path.length === 0) return leaf;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  at[path.at(-1)!] = leaf;
  return copy;
}

/**
 * Request texts for one operation: schema-shaped, any JSON, valid examples with one leaf made
 * hostile (so the hostile value gets past the members checked first), and text mutations of all.
 */
export function bodies(doc: Schema, schema: Schema | undefined, known: Known, count: number, seed: number, examples: unknown[] = []): string[] {
  const fromDoc = fromSchema(doc, schema, known);
  const leaf = fc.oneof(stringArb({}, known), numberArb(true), fc.jsonValue({ maxDepth: 2 }), fc.constant(null));
  const shaped = examples.length === 0 ? fromDoc : fc.oneof(
    { arbitrary: fromDoc, weight: 2 },
    { arbitrary: fc.constantFrom(...examples), weight: 1 },
    { arbitrary: fc.tuple(fc.constantFrom(...examples), leaf, fc.nat()).map(([e, l, n]) => replaceLeaf(e, l, n)), weight: 4 },
  );
  const arb = fc.oneof(
    { arbitrary: shaped.map((v) => JSON.stringify(v) ?? "null"), weight: 5 },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? "null"), weight: 1 },
    { arbitrary: fc.tuple(shaped, fc.integer({ min: 0, max: MUTATIONS.length - 1 })).map(([v, i]) => MUTATIONS[i]!(JSON.stringify(v) ?? "{}")), weight: 4 },
  );
  return fc.sample(arb, { numRuns: count, seed });
}
