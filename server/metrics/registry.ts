// The process's Prometheus metrics. Labels name routes, procedures, actions, outcomes and jobs:
// never a case id, a person or an official, so a scrape carries no personal data.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type BackgroundJob = "scheduler" | "outbox" | "checkpoint";

export interface Metrics {
  readonly registry: Registry;
  /** One answered HTTP request: `route` is the route's template (e.g. /cases/:id), never the path. */
  request(method: string, route: string, status: number, seconds: number): void;
  /** One intake or action: outcome is "accepted" or the refusal's problem code. */
  action(procedure: string, action: string, outcome: string): void;
  /** Times one run of background work and counts its failures. */
  timed<T>(job: BackgroundJob, run: () => Promise<T>): Promise<T>;
  /** A gauge read at scrape time (pool use, backlogs); `aggregate` says how workers' values combine. */
  gauge(name: string, help: string, labels: string[], collect: (set: (labels: Record<string, string>, value: number) => void) => Promise<void> | void, aggregate?: "sum" | "max"): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Event-loop lag, heap, GC and CPU of this process (prom-client's standard set).
  collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: "motcua_http_request_duration_seconds",
    help: "HTTP requests by method, route template and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [registry],
  });
  const actions = new Counter({
    name: "motcua_actions_total",
    help: "Intakes and actions by procedure, action and outcome (accepted or the refusal's code)",
    labelNames: ["procedure", "action", "outcome"],
    registers: [registry],
  });
  const runs = new Histogram({
    name: "motcua_background_run_duration_seconds",
    help: "Runs of background work (scheduler tick, outbox delivery, checkpoint) by job and result",
    labelNames: ["job", "result"],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
    registers: [registry],
  });
  return {
    registry,
    request: (method, route, status, seconds) => requests.observe({ method, route, status: String(status) }, seconds),
    action: (procedure, action, outcome) => actions.inc({ procedure, action, outcome }),
    async timed(job, run) {
      const end = runs.startTimer({ job });
      try {
        const out = await run();
        end({ result: "ok" });
        return out;
      } catch (e) {
        end({ result: "failed" });
        throw e;
      }
    },
    gauge(name, help, labelNames, collect, aggregate = "max") {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        aggregator: aggregate,
        async collect() {
          this.reset();
          await collect((labels, value) => this.set(labels, value));
        },
      });
    },
  };
}
