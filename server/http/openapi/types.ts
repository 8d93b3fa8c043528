// The pieces an area contributes to the OpenAPI document, and the small builders every area uses,
// so that error responses and the Idempotency-Key header are described the same way everywhere.
import type { ErrorCode } from "../../../engine/errors.js";
import { statusOf } from "../problem.js";

export type Json = Record<string, unknown>;

/** An OpenAPI operation object (kept loose: it is data, checked by test/api/openapi.test.ts). */
export type Operation = Json & { responses: Record<string, Json> };
export type PathItem = Partial<Record<"get" | "post" | "put" | "patch" | "delete", Operation>> & { parameters?: Json[] };

/**
 * One area of the API (auth, procedures, cases, audit...): its paths, the schemas only it uses,
 * and the tag its operations carry. Add an area by writing paths/<area>.ts and listing it in
 * document.ts; the test fails for any route the app serves that no area describes.
 */
export interface OpenapiArea {
  tag: { name: string; description: string };
  paths: Record<string, PathItem>;
  schemas?: Record<string, Json>;
}

export const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
export const param = (name: string): Json => ({ $ref: `#/components/parameters/${name}` });

export function jsonBody(schema: Json, description?: string): Json {
  return { required: true, ...(description ? { description } : {}), content: { "application/json": { schema } } };
}

export function ok(description: string, schema: Json, headers?: Json): Json {
  return { description, ...(headers ? { headers } : {}), content: { "application/json": { schema } } };
}

/** Errors every authenticated operation may answer. */
export const AUTH_ERRORS: ErrorCode[] = ["auth.required", "auth.invalid_token"];

/**
 * Problem responses for the given codes, grouped by the status problem.ts gives each code (the
 * one place that chooses it), with the codes listed in the description and in `x-error-codes`.
 */
export function problems(...codes: ErrorCode[]): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set<ErrorCode>([...codes, "internal"])) {
    const status = statusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<string, Json> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: `Problem details (RFC 9457) with \`code\` one of: ${list.map((c) => `\`${c}\``).join(", ")}.`,
      "x-error-codes": list,
      content: { "application/problem+json": { schema: ref("Problem") } },
    };
  }
  return out;
}

/** Marks an operation as needing the bearer token (the document's default) or as public. */
export const PUBLIC: Json = { security: [] };
