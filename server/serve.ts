// One server process: migrate, load the procedure catalog, seed demo data on a new database, serve.
// `main.ts` runs it directly, or in each worker of a cluster (WORKERS=N, see cluster.ts).
import cluster from "node:cluster";
import { AggregatorRegistry } from "prom-client";
import { webcrypto } from "node:crypto";
import { join } from "node:path";
import type { Config } from "./config.js";
import { openDatabase } from "./db/connect.js";
import { withStartupLock } from "./db/advisory-locks.js";
import { untilAvailable } from "./db/unavailable.js";
import { loadCatalog } from "./catalog/load.js";
import { CalendarFileError, readCalendar } from "./calendar-file.js";
import { calendarLine, checkCalendarAtStart, watchCalendar } from "./calendar-watch.js";
import { calendarCoverage } from "../engine/calendar-coverage.js";
import { isNewDatabase, seedDemo, DEMO_OFFICIALS, DEMO_PASSWORD } from "./seed.js";
import { devSecret } from "./secrets.js";
import { wire } from "./wire.js";
import { createLogger } from "./log.js";
import { trustProvider } from "./pki/trust.js";
import { ensureDevPki } from "./pki/dev-pki.js";
import { startDevTsa } from "./pki/dev-tsa.js";
import { loadOrCreateLogKey } from "./audit/log-key.js";
import { webConsole } from "./web/console.js";
import { startScheduler } from "./scheduler/start.js";
import { startOutboxWorker } from "./outbox/worker.js";
import { createHttpServer } from "./http/listen.js";
import { uploadBodyLimit } from "./attachments/upload.js";

import { createMetrics } from "./metrics/registry.js";
import { registryScrape, serveMetrics } from "./metrics/endpoint.js";

export async function serve(cfg: Config): Promise<void> {
  const log = createLogger();
  const now = () => new Date().toISOString();
  // The working-day calendar, read once: catalog effective dates, deadlines and the console's zone.
  // Checked before anything else starts: deadlines on a calendar past its coverage would skip holidays.
  const calendar = (() => {
    try {
      const cal = readCalendar(cfg.calendarFile);
      const refusal = checkCalendarAtStart(cal, now(), log);
      if (refusal) throw new CalendarFileError(`${cfg.calendarFile}: ${refusal}`);
      return cal;
    } catch (e) {
      if (!(e instanceof CalendarFileError)) throw e;
      console.error(`motcua: refusing to start. ${e.message}`);
      process.exit(1);
    }
  })();
  // A process (re)started while the database is unreachable waits for it rather than exiting.
  const waitingFor = (step: string) => (e: unknown, attempt: number) => log.warn({ err: e, attempt }, `database unreachable at start (${step}); retrying`);
  const db = await untilAvailable(() => openDatabase({ url: cfg.databaseUrl, dataDir: cfg.dataDir, timeouts: cfg.dbTimeouts }), waitingFor("migrate"));

  const logKey = await loadOrCreateLogKey(process.env.LOG_KEY_FILE ?? join(cfg.dataDir, "secrets", "log-key.pem"), process.env.LOG_ORIGIN ?? "motcua.local/log");
  const trustDirs = [...(cfg.trustDir ? [cfg.trustDir] : [])];
  let devPki: Awaited<ReturnType<typeof ensureDevPki>> | undefined;
  // One process at a time publishes the catalog and seeds a new database (see db/advisory-locks.ts).
  const published = await untilAvailable(() => withStartupLock(db, async () => {
    const outcome = await loadCatalog(db, logKey, cfg.proceduresDir, now(), calendar);
    if (cfg.seedDemo && (await isNewDatabase(db))) await seedDemo(db);
    if (cfg.seedDemo && !cfg.trustDir) {
      devPki = await ensureDevPki(db, logKey, join(cfg.dataDir, "dev-pki"), webcrypto as unknown as Crypto);
      if (!trustDirs.includes(devPki.trustDir)) trustDirs.push(devPki.trustDir);
    }
    return outcome;
  }), waitingFor("catalog"));

  // The development TSA runs next to the development CA unless a real one is configured.
  const devTsa = devPki && !cfg.tsaUrl ? await startDevTsa({ ...devPki.tsa, clock: () => new Date(), crypto: webcrypto as unknown as Crypto }) : undefined;
  const tsaUrl = cfg.tsaUrl ?? devTsa?.url;
  const signing = { ocsp: cfg.ocspFetch, ocspTimeoutMs: cfg.ocspTimeoutMs, ...(tsaUrl ? { tsa: { url: tsaUrl, timeoutMs: cfg.tsaTimeoutMs } } : {}) };
  if (!tsaUrl) log.warn("no TSA_URL: signature checkpoints are accepted without an RFC 3161 timestamp");

  const jwtSecret = cfg.jwtSecret ? new TextEncoder().encode(cfg.jwtSecret) : devSecret(cfg.dataDir, "jwt-secret");
  // In a cluster the primary serves the scrape endpoint and gathers every worker's registry.
  const metrics = cfg.metrics || cluster.isWorker ? createMetrics() : undefined;
  if (metrics && cluster.isWorker) {
    // Constructing one is what makes a worker answer the primary's requests for its figures.
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([metrics.registry]);
  }
  const { app, tlog, cases } = wire({ db, jwtSecret, metrics, tokenTtlSeconds: cfg.tokenTtlSeconds, publicChecksPerMinute: cfg.publicChecksPerMinute, trustProxy: cfg.trustProxy, logKey, logOrigin: logKey.name, calendar, oidc: cfg.oidc, log, trust: trustProvider(trustDirs), signing,
    attachments: { dir: join(cfg.dataDir, "attachments"), maxBytes: cfg.attachmentMaxBytes },
    publicRoutes: webConsole({ clock: now, calendar, devPkiDir: devPki?.dir }) });

  // Sequence committed records into the Merkle log and sign a checkpoint periodically.
  const stopLog = tlog.start(cfg.checkpointIntervalSeconds * 1000, now, (e) => log.error({ err: e }, "checkpoint failed"), metrics?.timed);
  // Fire declared timeouts and mark deadlines (SCHEDULER_INTERVAL_SECONDS, SCHEDULER=off); safe in every process.
  const scheduler = startScheduler({ db, cases, clock: now, log, timed: metrics?.timed });
  // Deliver outbox messages to the systems named in OUTBOX_TARGETS_FILE; safe in every process.
  const outbox = startOutboxWorker({ db, clock: now, log, timed: metrics?.timed });
  // Repeat the calendar's coverage warnings in the log once a day (start-up logged them already).
  const stopCalendarWatch = watchCalendar(calendar, now, log);

  // Request, header and body limits on the HTTP server itself (see http/listen.ts).
  const server = createHttpServer(app, { ...cfg.http, uploadLimitBytes: uploadBodyLimit(cfg.attachmentMaxBytes) }).listen(cfg.port, cfg.host, () => {
    const url = `http://${cfg.host === "0.0.0.0" ? "localhost" : cfg.host}:${cfg.port}`;
    const lines = [
      `motcua listening on ${url}  (database: ${db.kind}${db.kind === "pglite" ? ` in ${join(cfg.dataDir, "pglite")}` : ""})`,
      `web console: ${url}/app/   API: ${url}/openapi.json`,
      `procedures: ${published.length} in catalog, ${published.filter((p) => p.created).length} newly published`,
      calendarLine(calendarCoverage(calendar, now())),
    ];
    if (cfg.seedDemo) {
      lines.push(`demo officials (DEVELOPMENT ONLY), password "${DEMO_PASSWORD}":`);
      for (const o of DEMO_OFFICIALS) lines.push(`  ${o.username.padEnd(14)} ${o.roles.join(",").padEnd(20)} ${o.unit}`);
      lines.push(`sign in to the console as any of them, or get a token with curl:`);
      lines.push(`  curl -s -X POST ${url}/auth/login -H 'content-type: application/json' -d '{"username":"tiepnhan","password":"${DEMO_PASSWORD}"}'`);
      if (devPki) lines.push(`development CA and signer keys (DEVELOPMENT ONLY): ${devPki.dir}`);
      if (devTsa) lines.push(`development timestamp authority (DEVELOPMENT ONLY): ${devTsa.url}`);
    }
    // In a cluster the first worker prints the banner; the primary says how many listen.
    if (!cluster.isWorker || cluster.worker?.id === 1) console.log(lines.join("\n"));
  });
  const metricsServer = metrics && cfg.metrics && !cluster.isWorker ? await serveMetrics({ ...cfg.metrics, scrape: registryScrape(metrics.registry) }) : undefined;
  if (metricsServer) console.log(`metrics: http://${cfg.metrics!.host}:${(metricsServer.address() as { port: number }).port}/metrics`);

  const shutdown = () => {
    metricsServer?.close();
    stopLog();
    stopCalendarWatch();
    // Let a running scheduler tick or delivery finish its writes before the database closes.
    const background = Promise.allSettled([scheduler?.stop(), outbox?.stop(), devTsa?.close()]);
    server.close(() => void background.then(() => db.close()).finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
