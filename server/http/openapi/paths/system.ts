// Public, unauthenticated endpoints: health and this document.
import { PUBLIC, ok, problems, ref, type OpenapiArea } from "../types.js";

export const systemArea: OpenapiArea = {
  tag: { name: "system", description: "Health check and the API description." },
  paths: {
    "/health": {
      get: {
        operationId: "health",
        summary: "Liveness, database reachability and the working calendar's coverage",
        ...PUBLIC,
        responses: {
          "200": ok("The server and its database answer. `calendar` says how far the working calendar answers, with its warnings (null for a calendar without coverage).", {
            type: "object",
            required: ["status", "database", "calendar"],
            properties: {
              status: { const: "ok" },
              database: { enum: ["postgres", "pglite"] },
              calendar: { oneOf: [ref("CalendarCoverage"), { type: "null" }] },
            },
          }),
          ...problems(),
        },
      },
    },
    "/openapi.json": {
      get: {
        operationId: "openapi",
        summary: "This OpenAPI 3.1 document",
        ...PUBLIC,
        responses: { "200": ok("The OpenAPI document.", { type: "object", required: ["openapi", "info", "paths"] }) },
      },
    },
  },
};
