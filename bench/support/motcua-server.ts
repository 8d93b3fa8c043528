// The server side of bench/http.ts: a real motcua HTTP server on a PostgreSQL database that
// the caller created, set up the way test/support/server.ts does it (catalog, demo officials,
// the signer's certificate registered under a test CA, a log key), listening on 127.0.0.1:0.
// Cheap instrumentation counts database round trips and their time per request kind.
//
// Runs in the caller's process (startBenchServer) or as a child process (this file as main,
// driven over IPC by bench/http.ts), so the load generator does not share the server's event loop.
import { AsyncLocalStorage } from "node:async_hooks";
import { webcrypto } from "node:crypto";
import type { AddressInfo } from "node:net";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { Request, Response, NextFunction } from "express";
import type { Database, Queryable } from "../../server/db/database.js";
import { openDatabase } from "../../server/db/connect.js";
import { loadCatalog } from "../../server/catalog/load.js";
import { seedDemo } from "../../server/seed.js";
import { wire } from "../../server/wire.js";
import { createLogger } from "../../server/log.js";
import { registerCertificate } from "../../server/pki/register.js";
import { generateLogKey } from "../../server/audit/log-key.js";
import type { TrustStore } from "../../engine/signature/types.js";

const PROCEDURES = new URL("../../procedures/", import.meta.url).pathname;

/** What the server needs from the PKI the client built (the client keeps the signer's private key). */
export interface BenchPki {
  trust: TrustStore;
  signerPem: string;
}

export interface KindStats {
  requests: number;
  /** Round trips: statements outside transactions, statements inside them, and BEGIN + COMMIT per transaction. */
  queries: number;
  /** Statements sent outside a transaction (each its own PostgreSQL transaction). */
  standalone: number;
  /** db.tx transactions (committed or not). */
  transactions: number;
  /** Sum over requests of wall time in db.query / db.tx (pool wait included), ms. */
  dbMs: number;
  /** Sum over requests of time from after body parsing to the response being written, ms. */
  handlerMs: number;
  /** With sqlTally: statement (first words) -> times sent, per request of this kind summed. */
  sql?: Record<string, number>;
}

export interface ServerReport {
  kinds: Record<string, KindStats>;
  /** Event-loop utilisation of the server's process over the window (1 = never idle). */
  elu: number;
  /** CPU time of the server's process over the window, ms (user + system, all threads). */
  cpuMs: number;
  windowMs: number;
  /** With BENCH_WORKERS: the workers' CPU as their metrics endpoint reports it (process_cpu_seconds_total, summed). */
  workerCpuMs?: number;
}

export interface BenchServer {
  url: string;
  /** Starts the measurement window: resets counters, ELU and CPU baselines. */
  mark(): Promise<void>;
  /** Ends the window and returns what the server saw in it. */
  report(): Promise<ServerReport>;
  close(): Promise<void>;
}

interface Ctx {
  sql?: string[];
  standalone: number;
  inTx: number;
  transactions: number;
  dbMs: number;
}

const als = new AsyncLocalStorage<Ctx>();

function counted(q: Queryable, inTx: boolean): Queryable {
  return {
    query: (async (sql: string, params?: unknown[]) => {
      const ctx = als.getStore();
      const t = performance.now();
      try {
        return await q.query(sql, params);
      } finally {
        if (ctx) {
          ctx.sql?.push(`${inTx ? "tx: " : ""}${sql.replace(/\s+/g, " ").trim().slice(0, 60)}`);
          if (inTx) ctx.inTx++;
          else ctx.standalone++;
          ctx.dbMs += performance.now() - t;
        }
      }
    }) as Queryable["query"],
  };
}

/** The same database, counting round trips: BEGIN and COMMIT count as two more per transaction. */
function instrument(db: Database): Database {
  const plain = counted(db, false);
  return {
    kind: db.kind,
    query: plain.query,
    tx: async (fn) => {
      const ctx = als.getStore();
      const t = performance.now();
      // Time inside fn's queries is counted by counted(); count the tx's own overhead here.
      const innerBefore = ctx?.dbMs ?? 0;
      try {
        return await db.tx((q) => fn(counted(q, true)));
      } finally {
        if (ctx) {
          ctx.transactions++;
          ctx.dbMs += performance.now() - t - (ctx.dbMs - innerBefore);
        }
      }
    },
    close: () => db.close(),
  };
}

function kindOf(req: Request): string {
  const path = req.originalUrl.split("?")[0]!;
  if (req.method === "POST" && path === "/cases") return "POST /cases";
  if (req.method === "POST" && path.endsWith("/actions")) {
    const a = (req.body as { action?: unknown } | undefined)?.action;
    return `POST action:${typeof a === "string" ? a : "?"}`;
  }
  if (req.method === "GET" && path.endsWith("/signing-payload")) return "GET signing-payload";
  return `${req.method} ${path.replace(/\/[0-9a-f-]{36}/g, "/:id")}`;
}

export async function startBenchServer(opts: { databaseUrl: string; pki: BenchPki; clockBase?: string; sqlTally?: boolean }): Promise<BenchServer> {
  const raw = await openDatabase({ url: opts.databaseUrl });
  const db = instrument(raw);
  try {
    const logKey = await generateLogKey("motcua.bench/log");
    await loadCatalog(db, logKey, PROCEDURES, "2026-01-01T00:00:00.000Z");
    await seedDemo(db);
    const crypto = webcrypto as unknown as Crypto;
    await registerCertificate(db, logKey, "o-chutich", opts.pki.signerPem, opts.pki.trust, "2026-01-02T00:00:00.000Z", crypto, "bench");

    // A working Monday morning in Hanoi (as the tests use), advancing with real time.
    const base = Date.parse(opts.clockBase ?? "2026-03-02T02:00:00.000Z");
    const started = Date.now();
    const clock = () => new Date(base + (Date.now() - started)).toISOString();

    let kinds: Record<string, KindStats> = {};
    const w = wire({
      db,
      jwtSecret: new TextEncoder().encode("bench-secret-bench-secret-bench-secret"),
      logKey,
      clock,
      trust: async () => opts.pki.trust,
      log: createLogger("silent"),
      // READ_AUDIT=off measures what recording reads of personal data costs (issue 11); the server itself has no such switch.
      readAudit: process.env.READ_AUDIT !== "off",
      // Before authentication and after body parsing: one context per request.
      publicRoutes: (app) =>
        app.use((req: Request, res: Response, next: NextFunction) => {
          const ctx: Ctx = { standalone: 0, inTx: 0, transactions: 0, dbMs: 0, ...(opts.sqlTally ? { sql: [] } : {}) };
          const t = performance.now();
          res.on("finish", () => {
            const k = (kinds[kindOf(req)] ??= { requests: 0, queries: 0, standalone: 0, transactions: 0, dbMs: 0, handlerMs: 0 });
            k.requests++;
            k.queries += ctx.standalone + ctx.inTx + 2 * ctx.transactions;
            k.standalone += ctx.standalone;
            k.transactions += ctx.transactions;
            k.dbMs += ctx.dbMs;
            k.handlerMs += performance.now() - t;
            if (ctx.sql) {
              k.sql ??= {};
              for (const q of ctx.sql) k.sql[q] = (k.sql[q] ?? 0) + 1;
            }
          });
          als.run(ctx, next);
        }),
    });
    const server = w.app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
    server.keepAliveTimeout = 60_000;
    const port = (server.address() as AddressInfo).port;

    let elu0: EventLoopUtilization = performance.eventLoopUtilization();
    let cpu0 = process.cpuUsage();
    let t0 = performance.now();
    return {
      url: `http://127.0.0.1:${port}`,
      mark: async () => {
        kinds = {};
        elu0 = performance.eventLoopUtilization();
        cpu0 = process.cpuUsage();
        t0 = performance.now();
      },
      report: async () => {
        const elu = performance.eventLoopUtilization(elu0);
        const cpu = process.cpuUsage(cpu0);
        return { kinds, elu: elu.utilization, cpuMs: (cpu.user + cpu.system) / 1000, windowMs: performance.now() - t0 };
      },
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await raw.close();
      },
    };
  } catch (e) {
    await raw.close().catch(() => {});
    throw e;
  }
}

// Child-process mode. Messages in: {start: {databaseUrl, pki, sqlTally?}}, "mark", "report", "close".
// Messages out: {ready: url} | {error} | {marked} | {report} | {closed}.
type ChildIn = { start: { databaseUrl: string; pki: BenchPki; sqlTally?: boolean } } | "mark" | "report" | "close";

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.send) {
  let s: BenchServer | undefined;
  const send = (m: unknown) => process.send!(m);
  process.on("disconnect", () => void (s ? s.close() : Promise.resolve()).finally(() => process.exit(0)));
  process.on("message", (m: ChildIn) => {
    void (async () => {
      try {
        if (typeof m === "object" && "start" in m) {
          s = await startBenchServer(m.start);
          send({ ready: s.url });
        } else if (m === "mark") {
          await s!.mark();
          send({ marked: true });
        } else if (m === "report") {
          send({ report: await s!.report() });
        } else if (m === "close") {
          await s?.close();
          s = undefined;
          send({ closed: true });
          process.disconnect();
        }
      } catch (e) {
        send({ error: (e as Error).stack ?? String(e) });
      }
    })();
  });
}
