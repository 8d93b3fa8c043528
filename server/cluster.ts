// WORKERS=N: a primary process forks N server processes that share the port (node:cluster hands
// connections out round-robin). Everything that must be one (the catalog publication, seeding,
// the development PKI) is behind the database's start-up lock; the scheduler, the outbox worker
// and the sequencer share their work through row claims, so each worker runs them safely. The
// primary creates the development secrets once before forking, serves the metrics endpoint
// aggregated over the workers, replaces a worker that dies, and stops them all on SIGTERM.
import cluster, { type Worker } from "node:cluster";
import { join } from "node:path";
import { AggregatorRegistry } from "prom-client";
import type { Config } from "./config.js";
import { devSecret } from "./secrets.js";
import { loadOrCreateLogKey } from "./audit/log-key.js";
import { serveMetrics } from "./metrics/endpoint.js";

/** A worker that keeps dying is restarted at most this often, so a broken setting does not spin. */
const RESTART_DELAY_MS = 1_000;

export async function runPrimary(cfg: Config): Promise<void> {
  // Before any worker starts, so they all read the same keys (each also creates them atomically).
  await loadOrCreateLogKey(process.env.LOG_KEY_FILE ?? join(cfg.dataDir, "secrets", "log-key.pem"), process.env.LOG_ORIGIN ?? "motcua.local/log");
  if (!cfg.jwtSecret) devSecret(cfg.dataDir, "jwt-secret");

  let stopping = false;
  let listening = 0;
  const fork = () => cluster.fork();
  cluster.on("listening", (_w: Worker, address) => {
    if (++listening === cfg.workers) console.log(`motcua: ${cfg.workers} workers listening on port ${address.port} (primary pid ${process.pid})`);
  });
  cluster.on("exit", (w, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`motcua: worker ${w.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, RESTART_DELAY_MS);
  });
  for (let i = 0; i < cfg.workers; i++) fork();

  const aggregate = new AggregatorRegistry();
  const metricsServer = cfg.metrics
    ? await serveMetrics({ ...cfg.metrics, scrape: async () => ({ body: await aggregate.clusterMetrics(), contentType: aggregate.contentType }) })
    : undefined;
  if (metricsServer) console.log(`metrics (all workers): http://${cfg.metrics!.host}:${(metricsServer.address() as { port: number }).port}/metrics`);

  const shutdown = () => {
    stopping = true;
    metricsServer?.close();
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    // Workers finish their requests and background writes (serve.ts); then give up waiting.
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
