// The Express application: JSON in, JSON or RFC 9457 problems out. Routes live in routes/*.
import express, { type Request } from "express";
import { MotcuaError } from "../../engine/errors.js";
import { errorHandler } from "./problem.js";
import { jsonBody } from "./json-body.js";
import { urlGate } from "./url-gate.js";
import { coverageOf } from "../../engine/calendar-coverage.js";
import type { Authenticator } from "./auth.js";
import type { Database } from "../db/database.js";
import type { CaseService } from "../cases/service.js";
import type { ProcedureCache } from "../store/procedures.js";
import { authRoutes } from "./routes/auth.js";
import { AUTHENTICATED_ROUTERS, PUBLIC_ROUTERS } from "./routes/index.js";
import { openapiDocument } from "./openapi.js";
import type { Logger } from "../log.js";
import type { TransparencyLog } from "../audit/log.js";
import type { IdempotencyClaims } from "../cases/idempotency.js";
import type { ReadLog } from "../audit/reads.js";
import type { Metrics } from "../metrics/registry.js";
import { requestMetrics } from "../metrics/http.js";
import type { AttachmentFiles } from "../attachments/file-store.js";

export interface AppDeps {
  db: Database;
  auth: Authenticator;
  cases: CaseService;
  /** This process's Idempotency-Key claims and their heartbeat. */
  idempotency: IdempotencyClaims;
  procedures: ProcedureCache;
  clock: () => string;
  log: Logger;
  /** The global audit log (Merkle tree, checkpoints, the key that seals records). */
  tlog: TransparencyLog;
  /** Records who read which dossiers' personal data (server/audit/reads.ts). */
  reads: ReadLog;
  /** Public result checks per client address per minute. */
  publicChecksPerMinute: number;
  trustProxy?: string | number | boolean;
  /** Extra routers mounted after authentication (signatures, audit, web console...). */
  extend?: (app: express.Express) => void;
  /** Served before authentication (the web console's static files). */
  publicRoutes?: (app: express.Express) => void;
  /** Largest JSON body accepted (default 1 MiB). */
  bodyLimitBytes?: number;
  /** Times every request by route template (server/metrics). */
  metrics?: Metrics;
  /** Uploaded scanned papers, content-addressed on disk (server/attachments). */
  attachments: AttachmentFiles;
}

export function createApp(d: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  if (d.trustProxy !== undefined) app.set("trust proxy", d.trustProxy);
  // First, so refusals by the gates below are timed and counted too.
  if (d.metrics) app.use(requestMetrics(d.metrics));
  // Every JSON body passes the one gate (size while streaming, depth, UTF-8, storable values) before
  // authentication or any route: see json-body.ts and json-gate.ts.
  app.use(urlGate(), jsonBody(d.bodyLimitBytes));
  app.use((req, _res, next) => {
    // A POST without a JSON body is a client mistake, not an empty object.
    if (req.method === "POST" && req.body === undefined && req.headers["content-length"] !== "0") {
      req.body = {};
    }
    next();
  });

  app.get("/health", async (_req, res) => {
    await d.db.query("select 1");
    // The calendar's coverage and warnings, for monitoring: status stays "ok" (the server answers) while it warns.
    res.json({ status: "ok", database: d.db.kind, calendar: coverageOf(d.cases.calendar, d.clock()) });
  });
  app.get("/openapi.json", (_req, res) => res.json(openapiDocument()));
  d.publicRoutes?.(app);
  for (const [path, build] of PUBLIC_ROUTERS) app.use(path, build(d));
  app.use("/auth", authRoutes(d));
  app.use(d.auth.middleware());
  for (const [path, build] of AUTHENTICATED_ROUTERS) app.use(path, build(d));
  d.extend?.(app);
  app.use((req: Request, _res, next) => next(new MotcuaError("request.not_found", `${req.method} ${req.path}`)));
  app.use(errorHandler(d.log));
  return app;
}

/** Request body as an object, or a 400 naming the body itself. */
export function bodyObject(req: Request): Record<string, unknown> {
  const b = req.body as unknown;
  if (b === null || typeof b !== "object" || Array.isArray(b)) {
    throw new MotcuaError("request.invalid", "the body must be a JSON object", { errors: [{ pointer: "", rule: "type", message: "must be object" }] });
  }
  return b as Record<string, unknown>;
}
