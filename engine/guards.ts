// The fixed registry of guards a procedure may name. Procedures stay JSON; behaviour stays here,
// reviewed code. Lint rejects any name missing from this registry before XState would throw.
import type { CaseDocument } from "./case.js";

export interface GuardContext {
  data: Record<string, unknown>;
  documents: CaseDocument[];
  requiredDocuments: string[];
}

export type GuardImpl = (ctx: GuardContext, params: Record<string, unknown>) => boolean;

export const GUARDS: Record<string, { description: string; impl: GuardImpl }> = {
  requiredDocumentsPresent: {
    description: "Every document the form marks as required is attached to the dossier.",
    impl: (ctx) => ctx.requiredDocuments.every((id) => ctx.documents.some((d) => d.id === id)),
  },
  documentsPresent: {
    description: "The documents listed in params.ids are attached to the dossier.",
    impl: (ctx, params) => asStrings(params.ids).every((id) => ctx.documents.some((d) => d.id === id)),
  },
  fieldEquals: {
    description: "The dossier field at params.pointer equals params.value.",
    impl: (ctx, params) => readPointer(ctx.data, String(params.pointer ?? "")) === params.value,
  },
  fieldPresent: {
    description: "The dossier field at params.pointer is present and not empty.",
    impl: (ctx, params) => {
      const v = readPointer(ctx.data, String(params.pointer ?? ""));
      return v !== undefined && v !== null && v !== "";
    },
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
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[token];
  }
  return cur;
}
