// Statistics (server/http/routes/statistics.ts): received, completed on time or late, overdue,
// apologies, processing time and fees, for a province or a unit (with the units merged into it),
// by procedure, by unit and by day, week or month of receipt.
import { AUTH_ERRORS, ok, problems, ref, type OpenapiArea } from "../types.js";

const rate = { type: ["number", "null"] };
const count = { type: "integer", minimum: 0 };

export const statisticsArea: OpenapiArea = {
  tag: { name: "statistics", description: "Figures for reporting, by procedure." },
  schemas: {
    StatisticsCounts: {
      type: "object",
      required: ["received", "completed", "completedOnTime", "completedLate", "overdue"],
      properties: {
        received: count, online: count, counter: count, onlineShare: rate,
        completed: count, completedOnTime: count, completedLate: count, refused: count, withdrawn: count, inProgress: count, overdue: count, apologies: count,
        avgProcessingHours: rate,
        feesDue: { type: "integer", minimum: 0, description: "VND owed by the cases counted, after exemptions." },
        feesCollected: { type: "integer", minimum: 0, description: "VND of those fees paid so far (as of now)." },
        feesOutstanding: { type: "integer", minimum: 0, description: "feesDue less feesCollected." },
      },
    },
    StatisticsRow: {
      allOf: [ref("StatisticsCounts"), { type: "object", required: ["procedureId"], properties: { procedureId: { type: ["string", "null"], description: "null on the total row." }, p90ProcessingHours: { ...rate, description: "90th percentile of processing time (by procedure and in total only)." } } }],
    },
    UnitStatisticsRow: {
      allOf: [ref("StatisticsCounts"), { type: "object", required: ["unit"], properties: { unit: { type: "string" } } }],
    },
    PeriodStatisticsRow: {
      allOf: [
        ref("StatisticsCounts"),
        { type: "object", required: ["start"], properties: { start: { type: "string", format: "date", description: "First local day of the period: a Monday for weeks, the 1st for months (may precede from)." } } },
      ],
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
          {
            name: "interval", in: "query", schema: { enum: ["day", "week", "month"] },
            description: "The series' step. Default: day up to 31 days, week up to 183, else month. At most 400 periods.",
          },
          { name: "format", in: "query", schema: { enum: ["json", "csv"], default: "json" } },
          { name: "by", in: "query", schema: { enum: ["procedure", "unit", "period"], default: "procedure" }, description: "With format=csv only: the breakdown listed, one line each, then the total." },
        ],
        responses: {
          "200": {
            description: "The figures (CSV as an attachment with format=csv).",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["filter", "total", "byProcedure", "byUnit", "series"],
                  properties: {
                    filter: { type: "object" },
                    total: ref("StatisticsRow"),
                    byProcedure: { type: "array", items: ref("StatisticsRow") },
                    byUnit: { type: "array", items: ref("UnitStatisticsRow"), description: "Units with cases in the period (a merged unit's predecessors each on their own)." },
                    series: {
                      type: "object",
                      required: ["interval", "periods"],
                      properties: {
                        interval: { enum: ["day", "week", "month"] },
                        periods: { type: "array", items: ref("PeriodStatisticsRow"), description: "Every period touching from..to, empty ones included." },
                      },
                    },
                  },
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
