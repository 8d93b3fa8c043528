// Statistics (server/http/routes/statistics.ts): received, completed on time or late, overdue,
// apologies and processing time, for a province or a unit (with the units merged into it).
import { AUTH_ERRORS, ok, problems, ref, type OpenapiArea } from "../types.js";

const rate = { type: ["number", "null"] };
const count = { type: "integer", minimum: 0 };

export const statisticsArea: OpenapiArea = {
  tag: { name: "statistics", description: "Figures for reporting, by procedure." },
  schemas: {
    StatisticsRow: {
      type: "object",
      required: ["procedureId", "received", "completed", "completedOnTime", "completedLate", "overdue"],
      properties: {
        procedureId: { type: ["string", "null"], description: "null on the total row." },
        received: count, online: count, counter: count, onlineShare: rate,
        completed: count, completedOnTime: count, completedLate: count, refused: count, withdrawn: count, inProgress: count, overdue: count, apologies: count,
        avgProcessingHours: rate, p90ProcessingHours: rate,
        feesDue: { type: "integer", minimum: 0, description: "VND owed by the cases counted, after exemptions." },
        feesCollected: { type: "integer", minimum: 0, description: "VND of those fees paid so far (as of now)." },
        feesOutstanding: { type: "integer", minimum: 0, description: "feesDue less feesCollected." },
      },
    },
  },
  paths: {
    "/statistics": {
      get: {
        operationId: "statistics",
        summary: "Figures for a province (its provincial officials) or a unit (whoever may see it) over a period",
        parameters: [
          { name: "province", in: "query", schema: { type: "string" }, description: "Exactly one of province and unit." },
          { name: "unit", in: "query", schema: { type: "string" } },
          { name: "procedure", in: "query", schema: { type: "string" } },
          { name: "from", in: "query", required: true, schema: { type: "string", format: "date" } },
          { name: "to", in: "query", required: true, schema: { type: "string", format: "date" }, description: "Inclusive; at most about three years after from." },
          { name: "format", in: "query", schema: { enum: ["json", "csv"], default: "json" } },
        ],
        responses: {
          "200": {
            description: "The figures (CSV as an attachment with format=csv).",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["filter", "total", "byProcedure"],
                  properties: { filter: { type: "object" }, total: ref("StatisticsRow"), byProcedure: { type: "array", items: ref("StatisticsRow") } },
                },
              },
              "text/csv": { schema: { type: "string" } },
            },
          },
          ...problems(...AUTH_ERRORS, "request.invalid", "auth.forbidden"),
        },
      },
    },
  },
};
