// Public, unauthenticated endpoints: health and this document.
import { PUBLIC, ok, problems, type OpenapiArea } from "../types.js";

export const systemArea: OpenapiArea = {
  tag: { name: "system", description: "Health check and the API description." },
  paths: {
    "/health": {
      get: {
        operationId: "health",
        summary: "Liveness and database reachability",
        ...PUBLIC,
        responses: {
          "200": ok("The server and its database answer.", {
            type: "object",
            required: ["status", "database"],
            properties: { status: { const: "ok" }, database: { enum: ["postgres", "pglite"] } },
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
