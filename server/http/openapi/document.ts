// The OpenAPI 3.1 document: shared components plus one module per area of the API (paths/*.ts).
// To describe a new area, write paths/<area>.ts exporting an OpenapiArea and add it to AREAS;
// test/api/openapi.test.ts fails for any route the app serves that no area describes.
import { KEY_TTL_HOURS } from "../../cases/idempotency.js";
import { headers, parameters, schemas, securitySchemes } from "./components.js";
import type { Json, OpenapiArea } from "./types.js";
import { systemArea } from "./paths/system.js";
import { authArea } from "./paths/auth.js";
import { procedureArea } from "./paths/procedures.js";
import { caseArea } from "./paths/cases.js";
import { auditArea } from "./paths/audit.js";
import { officialArea } from "./paths/officials.js";
import { supervisionArea } from "./paths/supervision.js";
import { unitArea } from "./paths/units.js";
import { statisticsArea } from "./paths/statistics.js";
import { directoryArea } from "./paths/directory.js";
import { publicArea } from "./paths/public.js";
import { trackArea } from "./paths/track.js";
import { attachmentArea } from "./paths/attachments.js";

export const AREAS: OpenapiArea[] = [systemArea, authArea, procedureArea, caseArea, auditArea, officialArea, unitArea, supervisionArea, statisticsArea, directoryArea, publicArea, trackArea, attachmentArea];

const DESCRIPTION = `Workflow engine for administrative procedures at Vietnamese one-stop counters (bộ phận một cửa).

Errors are RFC 9457 problem details (\`application/problem+json\`) with a stable \`code\`; field errors carry an RFC 6901
JSON \`pointer\` into the request. Writes accept an \`Idempotency-Key\` header (kept ${KEY_TTL_HOURS} hours). Every action names
the case version it was based on (\`expectedVersion\`); a lost race is 409 \`case.version_conflict\`, never a second step.`;

export function buildOpenapi(areas: OpenapiArea[] = AREAS): Json {
  const paths: Record<string, Json> = {};
  const areaSchemas: Record<string, Json> = {};
  for (const area of areas) {
    for (const [path, item] of Object.entries(area.paths)) {
      const merged = (paths[path] ??= {});
      for (const [key, value] of Object.entries(item)) {
        // Two areas describing the same operation is a mistake, not something to merge silently.
        if (key in merged) throw new Error(`openapi: ${key} ${path} is described twice`);
        merged[key] = key === "parameters" ? value : { tags: [area.tag.name], ...(value as Json) };
      }
    }
    for (const [name, schema] of Object.entries(area.schemas ?? {})) {
      if (name in schemas || name in areaSchemas) throw new Error(`openapi: schema ${name} is defined twice`);
      areaSchemas[name] = schema;
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "motcua API",
      version: "0.1.0",
      description: DESCRIPTION,
    },
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    tags: areas.map((a) => a.tag),
    paths,
    components: { securitySchemes, parameters, headers, schemas: { ...schemas, ...areaSchemas } },
  };
}
