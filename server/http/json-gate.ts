// What every JSON body must be before any route, validator or SQL statement sees it. JSON allows
// more than this API can keep: PostgreSQL refuses NUL in text and jsonb (22021, 22P05) and lone
// surrogates (22P02); `1e309` parses to Infinity, which canonical JSON cannot hash; 10,000 levels
// of nesting overflow the stack of every recursive walk (validation, hashing, NFC); and a
// "__proto__" member turns into a prototype when code copies it with `out[k] = v`. Each is
// refused with 400 naming the member by JSON pointer and the rule, so a fuzzer's body and a
// client's mistake get the same clear answer, and the object routes validate is the one stored.
import { MotcuaError, type FieldError } from "../../engine/errors.js";

/** Deeper than any procedure file or dossier (a procedure's form schema nests about 10 levels). */
export const MAX_DEPTH = 64;
/** Enough to say what is wrong; a body full of NULs need not be listed whole. */
const MAX_ERRORS = 20;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Throws request.too_deep when arrays and objects nest deeper than `max`: counted on the text, before parsing. */
export function assertDepth(text: string, max = MAX_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped, whatever it is
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        throw new MotcuaError("request.too_deep", `arrays and objects may nest at most ${max} levels`, {
          errors: [{ pointer: "", rule: "maxDepth", message: `must nest at most ${max} levels` }],
        });
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** Throws request.invalid listing every member JSON allows but this API refuses (see the header). */
export function assertStorable(value: unknown): void {
  const errors = unstorable(value);
  if (errors.length > 0) throw new MotcuaError("request.invalid", errors[0]!.message, { errors });
}

function unstorable(root: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<[value: unknown, pointer: string]> = [[root, ""]];
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const [value, pointer] = stack.pop()!;
    if (typeof value === "string") {
      const bad = textProblem(value);
      if (bad) errors.push({ pointer, ...bad });
    } else if (typeof value === "number") {
      if (!Number.isFinite(value)) errors.push({ pointer, rule: "finite", message: "must be a finite number (it overflows a double)" });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${pointer}/${i}`]);
    } else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value).reverse()) {
        const at = `${pointer}/${escapeToken(k)}`;
        const bad = keyProblem(k, v);
        if (bad) errors.push({ pointer: at, ...bad });
        else stack.push([v, at]);
      }
    }
  }
  return errors;
}

function textProblem(s: string): Omit<FieldError, "pointer"> | undefined {
  if (s.includes("\u0000")) return { rule: "noNul", message: "must not contain the NUL character (U+0000)" };
  if (LONE_SURROGATE.test(s)) return { rule: "wellFormed", message: "must be well-formed Unicode (it holds a lone surrogate)" };
  return undefined;
}

function keyProblem(k: string, v: unknown): Omit<FieldError, "pointer"> | undefined {
  const text = textProblem(k);
  if (text) return { rule: text.rule, message: `member name ${text.message}` };
  // As secure-json-parse refuses them: the member that is a prototype when assigned, and the
  // constructor.prototype pair that reaches Object.prototype through a naive deep merge.
  if (k === "__proto__") return { rule: "forbiddenKey", message: 'a member may not be named "__proto__"' };
  if (k === "constructor" && v !== null && typeof v === "object" && Object.hasOwn(v, "prototype")) {
    return { rule: "forbiddenKey", message: 'a "constructor" member may not hold "prototype"' };
  }
  return undefined;
}

/** RFC 6901: "~" and "/" inside a member name. */
function escapeToken(k: string): string {
  return k.replace(/~/g, "~0").replace(/\//g, "~1");
}
