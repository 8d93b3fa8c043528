// A form rendered from a procedure's JSON Schema: objects become fieldsets, enums selects, dates
// date pickers. Validation is the server's (the same ajv schema the engine applies); its field
// errors (JSON pointers) are shown next to each field, linked with aria-describedby, and listed
// in a summary at the top whose links move focus to the field.
import type { ComponentChildren } from "preact";
import { DateInput } from "./DateInput.js";
import { useI18n, type I18n } from "../i18n/index.js";
import type { FieldError } from "../lib/api.js";
import { fieldId, getAt, join, setAt } from "../lib/pointer.js";

export type Schema = Record<string, unknown>;

interface Ctx {
  root: Schema;
  value: Record<string, unknown>;
  onChange(v: Record<string, unknown>): void;
  errors: FieldError[];
  /** Where the form's data sits in the request body, e.g. "/data": server pointers start with it. */
  errorPrefix: string;
  idPrefix: string;
  i18n: I18n;
}

export function resolve(s: Schema, root: Schema): Schema {
  const ref = s.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/$defs/")) return s;
  const target = (root.$defs as Record<string, Schema> | undefined)?.[ref.slice(8)] ?? {};
  const { $ref: _r, ...rest } = s;
  return { ...target, ...rest };
}

const isObject = (s: Schema) => s.type === "object" || (s.properties !== undefined && s.type === undefined);

/**
 * The starting value: every required object exists, so the server reports each missing field by
 * name, and a field the procedure gives a `default` (nationality "Việt Nam") starts with it.
 */
export function initialValue(schema: Schema, root: Schema = schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const req = (schema.required as string[] | undefined) ?? [];
  for (const [k, raw] of Object.entries((schema.properties as Record<string, Schema>) ?? {})) {
    const s = resolve(raw, root);
    if (s.default !== undefined && !isObject(s) && s.type !== "array") out[k] = structuredClone(s.default);
    if (isObject(s) && req.includes(k)) out[k] = initialValue(s, root);
    if (s.type === "array" && req.includes(k) && typeof s.minItems === "number" && s.minItems > 0) out[k] = [itemInitial(s, root)];
  }
  return out;
}

function itemInitial(array: Schema, root: Schema): unknown {
  const items = resolve((array.items as Schema) ?? {}, root);
  return isObject(items) ? initialValue(items, root) : undefined;
}

/** A choice's label: the field's own `x-enum-titles`, else the shared vocabulary, else the value. */
export function enumLabel(i18n: I18n, s: Schema | undefined, v: unknown): string {
  const own = (s?.["x-enum-titles"] as Record<string, { vi: string; en?: string }> | undefined)?.[String(v)];
  return own ? i18n.loc(own) : i18n.maybe(`enum.${String(v)}`) ?? String(v);
}

/**
 * The rule a field broke, said so the clerk can fix it: "exactly 12 digits", not "wrong format";
 * an unticked confirmation is "tick to confirm", not "not filled in".
 */
export function ruleMessage(e: FieldError, schema: Schema | undefined, i18n: I18n): string {
  const params: Record<string, string | number> = {};
  for (const k of ["minLength", "maxLength", "minimum", "maximum"]) if (typeof schema?.[k] === "number") params.n = schema[k] as number;
  const confirmation = schema?.const === true;
  if (confirmation && (e.rule === "required" || e.rule === "const")) return i18n.t("rule.confirm");
  if (e.rule === "pattern" && typeof schema?.pattern === "string") {
    const digits = /^\^\[0-9\](?:\{(\d+)(?:,(\d+))?\}|(\+))\$$/.exec(schema.pattern);
    if (digits?.[3]) return i18n.t("rule.digits");
    if (digits?.[1] && digits[2]) return i18n.t("rule.digitsBetween", { min: digits[1], max: digits[2] });
    if (digits?.[1]) return i18n.t("rule.digitsExactly", { n: digits[1] });
    if (schema.pattern === "^([01][0-9]|2[0-3]):[0-5][0-9]$") return i18n.t("rule.time");
  }
  if (e.rule === "format" && schema?.format === "date") return i18n.t("rule.date");
  return i18n.maybe(`rule.${e.rule}`)?.replace("{n}", String(params.n ?? "")) ?? e.message;
}

export function SchemaForm(p: { schema: Schema; value: Record<string, unknown>; onChange(v: Record<string, unknown>): void; errors: FieldError[]; errorPrefix: string; idPrefix: string }) {
  const i18n = useI18n();
  const ctx: Ctx = { ...p, root: p.schema, i18n };
  return <div class="schema-form">{renderObject(ctx, p.schema, "", true)}</div>;
}

/** Errors listed before the form, each a link to its field (GOV.UK-style error summary). */
export function ErrorSummary(p: { errors: FieldError[]; schema?: Schema; errorPrefix: string; idPrefix: string; titleOf?(pointer: string): string }) {
  const i18n = useI18n();
  if (p.errors.length === 0) return null;
  return (
    <div class="msg msg-error error-summary" role="alert" tabIndex={-1} id={`${p.idPrefix}-summary`}>
      <strong>{i18n.t("form.errorsTitle", { n: p.errors.length })}</strong>
      <ul>
        {sortByForm(p.errors, p.schema, p.errorPrefix).map((e) => {
          const local = e.pointer.startsWith(p.errorPrefix) ? e.pointer.slice(p.errorPrefix.length) : e.pointer;
          const id = fieldId(p.idPrefix, local);
          const label = p.titleOf?.(local) ?? local;
          return (
            <li>
              <a
                href={`#${id}`}
                onClick={(ev) => {
                  ev.preventDefault();
                  document.getElementById(id)?.focus();
                }}
              >
                {label}: {ruleMessage(e, p.schema ? schemaAt(p.schema, local) : undefined, i18n)}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Every field's pointer in the order the form shows them. */
function fieldOrder(root: Schema, s: Schema = root, at = ""): string[] {
  const out = [at];
  for (const [k, raw] of Object.entries((s.properties as Record<string, Schema>) ?? {})) out.push(...fieldOrder(root, resolve(raw, root), join(at, k)));
  return out;
}

function sortByForm(errors: FieldError[], schema: Schema | undefined, prefix: string): FieldError[] {
  if (!schema) return errors;
  const order = fieldOrder(schema);
  const rank = (e: FieldError) => {
    const i = order.indexOf(e.pointer.startsWith(prefix) ? e.pointer.slice(prefix.length) : e.pointer);
    return i < 0 ? order.length : i;
  };
  return [...errors].sort((a, b) => rank(a) - rank(b));
}

/** The sub-schema at a data pointer, following properties and $refs. */
export function schemaAt(root: Schema, pointer: string): Schema | undefined {
  let s: Schema | undefined = root;
  for (const t of pointer === "" ? [] : pointer.slice(1).split("/")) {
    s = s ? resolve(((s.properties as Record<string, Schema>) ?? {})[t] ?? {}, root) : undefined;
  }
  return s;
}

/** Localised path of titles to a field ("Mẹ › Họ, chữ đệm, tên"), for the error summary. */
export function titlePath(root: Schema, pointer: string, i18n: I18n): string {
  const parts: string[] = [];
  let s: Schema | undefined = root;
  for (const t of pointer === "" ? [] : pointer.slice(1).split("/")) {
    s = s ? resolve(((s.properties as Record<string, Schema>) ?? {})[t] ?? {}, root) : undefined;
    parts.push(s ? i18n.fieldTitle(s, t) : t);
  }
  return parts.join(" › ");
}

function errorsAt(ctx: Ctx, pointer: string): FieldError[] {
  return ctx.errors.filter((e) => e.pointer === ctx.errorPrefix + pointer);
}

function renderObject(ctx: Ctx, schema: Schema, pointer: string, isRoot: boolean, required = true, legend?: string, extra?: ComponentChildren): ComponentChildren {
  const props = (schema.properties as Record<string, Schema>) ?? {};
  const req = (schema.required as string[] | undefined) ?? [];
  const present = getAt(ctx.value, pointer) !== undefined;
  const children = Object.entries(props).map(([k, raw]) => {
    const s = resolve(raw, ctx.root);
    const ptr = join(pointer, k);
    if (s.type === "array") return renderArray(ctx, s, ptr, k, req.includes(k));
    return isObject(s) ? renderObject(ctx, s, ptr, false, req.includes(k)) : renderLeaf(ctx, s, ptr, k, req.includes(k));
  });
  if (isRoot) return children;
  const title = legend ?? ctx.i18n.fieldTitle(schema, pointer.split("/").pop() ?? "");
  const id = fieldId(ctx.idPrefix, pointer);
  const errs = errorsAt(ctx, pointer);
  return (
    <fieldset class="form-group" id={id} tabIndex={-1} aria-describedby={errs.length ? `${id}-error` : undefined}>
      <legend>{title}</legend>
      {extra}
      {errs.length > 0 && <FieldErrors id={`${id}-error`} errors={errs} schema={schema} />}
      {!required && (
        <label class="check">
          <input type="checkbox" checked={present} onChange={(e) => ctx.onChange(setAt(ctx.value, pointer, e.currentTarget.checked ? initialValue(schema, ctx.root) : undefined))} />
          {ctx.i18n.t("form.include", { title })}
        </label>
      )}
      {(required || present) && <div class="grid-fields">{children}</div>}
    </fieldset>
  );
}

/** A repeatable group (e.g. residence periods): one fieldset per item, with add and remove buttons. */
function renderArray(ctx: Ctx, schema: Schema, pointer: string, key: string, required: boolean): ComponentChildren {
  const { i18n } = ctx;
  const title = i18n.fieldTitle(schema, key);
  const items = resolve((schema.items as Schema) ?? {}, ctx.root);
  const list = (getAt(ctx.value, pointer) as unknown[] | undefined) ?? [];
  const id = fieldId(ctx.idPrefix, pointer);
  const errs = errorsAt(ctx, pointer);
  const set = (next: unknown[]) => ctx.onChange(setAt(ctx.value, pointer, next.length || required ? next : undefined));
  return (
    <fieldset class="form-group" id={id} tabIndex={-1} aria-describedby={errs.length ? `${id}-error` : undefined}>
      <legend>
        {title}
        {required && (
          <span class="req" aria-hidden="true">
            {" "}*
          </span>
        )}
      </legend>
      {errs.length > 0 && <FieldErrors id={`${id}-error`} errors={errs} schema={schema} />}
      {list.map((_, i) => {
        const label = `${i18n.fieldTitle(items, title)} ${i + 1}`;
        const remove = (
          <button type="button" class="btn btn-small" onClick={() => set(list.filter((__, j) => j !== i))} aria-label={i18n.t("form.removeItem", { title: label })}>
            {i18n.t("form.remove")}
          </button>
        );
        return isObject(items) ? renderObject(ctx, items, join(pointer, i), false, true, label, remove) : (
          <div class="array-leaf">
            {renderLeaf(ctx, items, join(pointer, i), label, true)}
            {remove}
          </div>
        );
      })}
      <button type="button" class="btn btn-small" onClick={() => set([...list, itemInitial(schema, ctx.root)])}>
        + {i18n.t("form.addItem", { title })}
      </button>
    </fieldset>
  );
}

function FieldErrors(p: { id: string; errors: FieldError[]; schema: Schema }) {
  const i18n = useI18n();
  return (
    <p class="field-error" id={p.id}>
      {p.errors.map((e) => ruleMessage(e, p.schema, i18n)).join("; ")}
    </p>
  );
}

interface Choice {
  value: unknown;
  label: string;
}

function choicesOf(s: Schema, i18n: I18n): Choice[] | undefined {
  if (Array.isArray(s.enum)) return s.enum.map((v) => ({ value: v, label: enumLabel(i18n, s, v) }));
  if (Array.isArray(s.oneOf) && s.oneOf.every((o) => o && typeof o === "object" && "const" in o)) {
    return (s.oneOf as Schema[]).map((o) => ({ value: o.const, label: i18n.fieldTitle(o, String(o.const)) }));
  }
  return undefined;
}

function renderLeaf(ctx: Ctx, s: Schema, pointer: string, key: string, required: boolean): ComponentChildren {
  const { i18n } = ctx;
  const id = fieldId(ctx.idPrefix, pointer);
  const errs = errorsAt(ctx, pointer);
  const describedBy = errs.length ? `${id}-error` : undefined;
  const title = i18n.fieldTitle(s, key);
  const value = getAt(ctx.value, pointer);
  const set = (v: unknown) => ctx.onChange(setAt(ctx.value, pointer, v));
  const common = { id, name: pointer, "aria-invalid": errs.length > 0 ? true : undefined, "aria-describedby": describedBy, "aria-required": required || undefined };
  const label = (
    <label for={id}>
      {title}
      {required && (
        <span class="req" aria-hidden="true">
          {" "}*
        </span>
      )}
    </label>
  );
  const error = errs.length > 0 && <FieldErrors id={`${id}-error`} errors={errs} schema={s} />;

  if (s.const === true || s.type === "boolean") {
    return (
      <div class={`field field-check${errs.length ? " has-error" : ""}`}>
        {error}
        <label class="check" for={id}>
          <input type="checkbox" {...common} checked={value === true} onChange={(e) => set(e.currentTarget.checked ? true : s.const === true ? undefined : false)} />
          {title}
        </label>
      </div>
    );
  }
  const choices = choicesOf(s, i18n);
  let control;
  if (choices) {
    const idx = choices.findIndex((c) => c.value === value);
    control = (
      <select {...common} value={idx < 0 ? "" : String(idx)} onChange={(e) => set(e.currentTarget.value === "" ? undefined : choices[Number(e.currentTarget.value)]!.value)}>
        <option value="">{i18n.t("form.choose")}</option>
        {choices.map((c, i) => (
          <option value={String(i)}>{c.label}</option>
        ))}
      </select>
    );
  } else if (s.type === "integer" || s.type === "number") {
    control = (
      <input
        {...common}
        type="number"
        inputMode={s.type === "integer" ? "numeric" : "decimal"}
        min={typeof s.minimum === "number" ? s.minimum : undefined}
        max={typeof s.maximum === "number" ? s.maximum : undefined}
        value={typeof value === "number" ? String(value) : ""}
        onInput={(e) => {
          const raw = e.currentTarget.value;
          set(raw === "" ? undefined : Number(raw));
        }}
      />
    );
  } else {
    const digits = typeof s.pattern === "string" && /^\^\[0-9\]\{?\d*\}?\+?\$$/.test(s.pattern);
    const long = typeof s.minLength === "number" && s.minLength >= 10 && s.maxLength === undefined;
    const onInput = (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => set(e.currentTarget.value === "" ? undefined : e.currentTarget.value);
    const text = typeof value === "string" ? value : "";
    control = long ? (
      <textarea {...common} rows={3} value={text} onInput={onInput} />
    ) : s.format === "date" ? (
      <DateInput {...common} value={text} onValue={set} />
    ) : (
      <input {...common} type="text" inputMode={digits ? "numeric" : undefined} maxLength={typeof s.maxLength === "number" ? s.maxLength : undefined} value={text} onInput={onInput} />
    );
  }
  return (
    <div class={`field${errs.length ? " has-error" : ""}`}>
      {label}
      {error}
      {control}
    </div>
  );
}
