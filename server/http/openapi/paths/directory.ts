// The directory (server/http/routes/directory.ts): names for unit codes and official ids.
import { AUTH_ERRORS, ok, problems, type OpenapiArea } from "../types.js";

export const directoryArea: OpenapiArea = {
  tag: { name: "directory", description: "Names of units and officials, for showing people names instead of codes." },
  paths: {
    "/directory": {
      get: {
        operationId: "getDirectory",
        summary: "Unit names of the caller's province and official names of the units the caller may see",
        responses: {
          "200": ok("The names.", {
            type: "object",
            required: ["units", "officials"],
            properties: {
              units: { type: "array", items: { type: "object", required: ["code", "name"], properties: { code: { type: "string" }, name: { type: "string" } } } },
              officials: { type: "array", items: { type: "object", required: ["id", "fullName", "unit"], properties: { id: { type: "string" }, fullName: { type: "string" }, unit: { type: "string" } } } },
            },
          }),
          ...problems(...AUTH_ERRORS),
        },
      },
    },
  },
};
