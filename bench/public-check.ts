// The public result check (GET /public/results/{code}/{digest}): each answer re-verifies the whole
// case (hash chain, seals, the signature from its kept evidence, the inclusion proof), so its cost
// is what an anonymous caller can make the server spend. Measured in-process on a signed and
// archived birth registration (7 entries), on PGlite, and on the PostgreSQL server when
// BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set. Sequential latency and 8 callers at once.
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import request from "supertest";
import { startTestServer } from "../test/support/server.js";
import { birthRegistration, loginAll } from "../test/support/flows.js";
import type { AuditEntry } from "../engine/case.js";

const REQUESTS = 300;
const CONCURRENCY = 8;

export async function benchPublicCheck(): Promise<Record<string, string | number>> {
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const out: Record<string, string | number> = {};
  for (const kind of ["pglite", "postgres"] as const) {
    if (kind === "postgres") process.env.TEST_DATABASE_URL = pgUrl;
    // The per-address limit (PUBLIC_CHECKS_PER_MINUTE) would stop the bench itself: lifted here.
    const s = await startTestServer({ kind, wire: { publicChecksPerMinute: 1_000_000 } });
    try {
      const t = await loginAll(s);
      const id = await birthRegistration(s, t);
      await s.tlog.publishCheckpoint(new Date().toISOString());
      const h = await request(s.app).get(`/cases/${id}/history`).set("authorization", `Bearer ${t.chutich}`);
      const signed = (h.body.entries as AuditEntry[]).find((e) => e.action === "sign")!;
      const url = `/public/results/${h.body.case.code}/${signed.signature!.payloadDigest}`;
      const once = async () => {
        const r = await request(s.app).get(url);
        if (r.status !== 200 || !r.body.verification.ok) throw new Error(`public check failed: ${r.status} ${r.text}`);
      };
      for (let i = 0; i < 20; i++) await once(); // warm-up: compiled procedure, trust store, JIT
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const t0 = performance.now();
        await once();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const t1 = performance.now();
      let next = 0;
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < REQUESTS) await once();
      }));
      const rate = REQUESTS / ((performance.now() - t1) / 1000);
      out[`${kind}: p50 ms (sequential)`] = times[Math.floor(REQUESTS * 0.5)]!.toFixed(1);
      out[`${kind}: p95 ms (sequential)`] = times[Math.floor(REQUESTS * 0.95)]!.toFixed(1);
      out[`${kind}: checks/s (${CONCURRENCY} at once, one process)`] = Math.round(rate);
    } finally {
      await s.close();
    }
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await benchPublicCheck());
}
