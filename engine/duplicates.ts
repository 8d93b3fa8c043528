// Possible duplicates: a procedure may name the form fields (intake.duplicates.fields) whose
// values, all equal, mean the dossier was probably registered before: the same child, born the
// same day, of the same mother. The engine only says what to compare; the server finds the cases
// (server/store/duplicates.ts), comparing case- and accent-insensitively as the case search does.
import type { Procedure } from "../schemas/generated/procedure.js";
import { readPointer } from "./guards.js";
import { collapsedText } from "./text.js";

export interface DuplicateKey {
  /** The declared pointer into the form data. */
  field: string;
  /** Its value as text: NFC, trimmed, inner whitespace collapsed to one space. */
  value: string;
}

/** The pointers a procedure compares, or none when it declares no duplicates check. */
export function duplicateFields(def: Procedure): string[] {
  return def.intake.duplicates?.fields ?? [];
}

/**
 * The values of the declared fields in `data`, in declaration order; null when the procedure
 * declares none or any of them is missing or blank: a partial key would flag unrelated dossiers
 * (every child of one mother), so no check is better than a wrong one.
 */
export function duplicateKey(def: Procedure, data: unknown): DuplicateKey[] | null {
  const fields = duplicateFields(def);
  if (fields.length === 0) return null;
  const out: DuplicateKey[] = [];
  for (const field of fields) {
    const v = readPointer(data, field);
    // Only scalars compare as text; an object or array under a declared field is not a key.
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return null;
    const value = collapsedText(String(v));
    if (value === "") return null;
    out.push({ field, value });
  }
  return out;
}
