// Validation of dossier data and action data, reported as field errors with JSON pointers.
import type { ValidateFunction } from "./json-schema.js";
import { toFieldErrors } from "./json-schema.js";
import { MotcuaError, type FieldError } from "./errors.js";
import type { CaseDocument } from "./case.js";
import type { Procedure } from "../schemas/generated/procedure.js";
import { normalizeNfc } from "./hash.js";
import { defineMember } from "./own-member.js";

/** Validates and returns the NFC-normalised copy: stored names compare equal however they were typed. */
export function checkData(validate: ValidateFunction, data: unknown, prefix: string): Record<string, unknown> {
  const normalized = normalizeNfc(data ?? {});
  if (!validate(normalized)) {
    throw new MotcuaError("data.invalid", "the data does not satisfy the schema", { errors: toFieldErrors(validate.errors, prefix) });
  }
  return normalized as Record<string, unknown>;
}

export function checkDocuments(def: Procedure, docs: unknown, prefix: string): CaseDocument[] {
  if (docs === undefined) return [];
  const errors: FieldError[] = [];
  if (!Array.isArray(docs)) {
    throw new MotcuaError("data.invalid", "documents must be an array", { errors: [{ pointer: prefix, rule: "type", message: "must be array" }] });
  }
  const known = new Set(def.form.documents.map((d) => d.id));
  const out: CaseDocument[] = [];
  docs.forEach((d: unknown, i) => {
    const doc = d as Partial<CaseDocument> | null;
    if (!doc || typeof doc !== "object") return errors.push({ pointer: `${prefix}/${i}`, rule: "type", message: "must be object" });
    if (typeof doc.id !== "string" || !known.has(doc.id)) errors.push({ pointer: `${prefix}/${i}/id`, rule: "enum", message: `must be one of ${[...known].join(", ")}` });
    if (typeof doc.name !== "string" || doc.name.length === 0 || doc.name.length > 200) errors.push({ pointer: `${prefix}/${i}/name`, rule: "minLength", message: "must be a file name of 1-200 characters" });
    if (typeof doc.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(doc.sha256)) errors.push({ pointer: `${prefix}/${i}/sha256`, rule: "pattern", message: "must be the lower-case hex SHA-256 of the file" });
    out.push({ id: String(doc.id), name: String(doc.name ?? "").normalize("NFC"), sha256: String(doc.sha256) });
  });
  if (errors.length > 0) throw new MotcuaError("data.invalid", "invalid documents", { errors });
  return out;
}

/** A supplied document replaces an earlier one of the same type (the citizen brought a corrected paper). */
export function mergeDocuments(current: CaseDocument[], added: CaseDocument[]): CaseDocument[] {
  const byId = new Map(current.map((d) => [d.id, d]));
  for (const d of added) byId.set(d.id, d);
  return [...byId.values()];
}

/**
 * RFC 7396 JSON Merge Patch: a supplement corrects one nested field (e.g. /mother/personalId)
 * without resending the whole object; null removes a member.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  // Spread copies own members as data; the patch's are defined too, and only own members of the
  // target are merged into (an inherited `constructor` is not the target's member).
  const out: Record<string, unknown> = target !== null && typeof target === "object" && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else defineMember(out, k, mergePatch(Object.hasOwn(out, k) ? out[k] : undefined, v));
  }
  return out;
}
