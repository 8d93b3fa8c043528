// The fixed registry of guards a procedure may name. Procedures stay JSON; behaviour stays here,
// reviewed code. Lint rejects any name missing from this registry before XState would throw.
import type { CaseDocument } from "./case.js";
import type { ExpressionContext } from "./expression/evaluate.js";
import { holds } from "./expression/condition.js";

export interface GuardContext {
  data: Record<string, unknown>;
  documents: CaseDocument[];
  /** The form's required documents and those whose requiredWhen rule holds on this dossier (engine/rule-context.ts). */
  requiredDocuments: string[];
  /** What expression rules read; absent in a context built before rules existed (then an expression guard is false). */
  rules?: ExpressionContext;
}

export type GuardImpl = (ctx: GuardContext, params: Record<string, unknown>) => boolean;

/**
 * What a guard's params name in the procedure, so lint can check them: a guard whose params
 * name a document or a field the procedure does not declare is false for every case, and the
 * dossiers behind it would stall with no error anywhere.
 */
export interface GuardParams {
  /** JSON Schema of params (absent: the guard takes none). */
  schema?: Record<string, unknown>;
  /** params.<member> lists document ids of the form. */
  documents?: string;
  /** params.<member> is a JSON pointer into the dossier data (the form schema). */
  field?: string;
}

const POINTER = { type: "string", pattern: "^(/([^~/]|~[01])*)+$" };

export const GUARDS: Record<string, { description: string; params: GuardParams; impl: GuardImpl }> = {
  requiredDocumentsPresent: {
    description: "Every document the form marks as required is attached to the dossier.",
    params: {},
    impl: (ctx) => ctx.requiredDocuments.every((id) => ctx.documents.some((d) => d.id === id)),
  },
  documentsPresent: {
    description: "The documents listed in params.ids are attached to the dossier.",
    params: {
      schema: { type: "object", required: ["ids"], additionalProperties: false, properties: { ids: { type: "array", minItems: 1, items: { type: "string" } } } },
      documents: "ids",
    },
    impl: (ctx, params) => asStrings(params.ids).every((id) => ctx.documents.some((d) => d.id === id)),
  },
  fieldEquals: {
    description: "The dossier field at params.pointer equals params.value.",
    params: {
      schema: { type: "object", required: ["pointer", "value"], additionalProperties: false, properties: { pointer: POINTER, value: { type: ["string", "number", "boolean", "null"] } } },
      field: "pointer",
    },
    impl: (ctx, params) => readPointer(ctx.data, String(params.pointer ?? "")) === params.value,
  },
  fieldPresent: {
    description: "The dossier field at params.pointer is present and not empty.",
    params: {
      schema: { type: "object", required: ["pointer"], additionalProperties: false, properties: { pointer: POINTER } },
      field: "pointer",
    },
    impl: (ctx, params) => {
      const v = readPointer(ctx.data, String(params.pointer ?? ""));
      return v !== undefined && v !== null && v !== "";
    },
  },
  expression: {
    description: "A FEEL expression over the dossier (data, documents, receivedOn, today()) holds.",
    params: {
      schema: { type: "object", required: ["expression"], additionalProperties: false, properties: { expression: { type: "string", minLength: 1 } } },
    },
    // `at` is added by the compiler: where the expression is written, for the problem when it fails.
    impl: (ctx, params) => ctx.rules !== undefined && holds(String(params.expression), ctx.rules, String(params.at ?? "guard")),
  },
};

export function isKnownGuard(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(GUARDS, name);
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/** Reads an RFC 6901 pointer from a JSON value; undefined when absent. */
export function readPointer(doc: unknown, ptr: string): unknown {
  if (ptr === "") return doc;
  let cur: unknown = doc;
  for (const raw of ptr.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    // Own members only: "/data/constructor" names no field of the dossier.
    if (cur === null || typeof cur !== "object" || !Object.prototype.hasOwnProperty.call(cur, token)) return undefined;
    cur = (cur as Record<string, unknown>)[token];
  }
  return cur;
}
