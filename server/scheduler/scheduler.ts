// The clock-driven work of the engine: fire declared timeouts, then move deadline marks. Safe
// to run in every server process against one database (see timeouts.ts and marks.ts). The
// clock is an argument, so tests drive it across weekends, holidays and the 15:00 cut-off.
import { hostname } from "node:os";
import type { Database } from "../db/database.js";
import type { CaseService } from "../cases/service.js";
import type { Logger } from "../log.js";
import { DeclaredTimeouts, fireDueTimeouts, type TimeoutReport } from "./timeouts.js";
import { markDeadlines, type MarkReport } from "./marks.js";
import { runPeriodically, untimed, type Periodic, type Timed } from "../periodic.js";

export interface SchedulerOptions {
  db: Database;
  cases: CaseService;
  clock: () => string;
  log: Logger;
  /** Names this process in timer_claims; default host:pid. */
  name?: string;
  batchSize?: number;
  /** How long a claim on a due timeout keeps other processes away (a crashed process's claims expire). */
  leaseSeconds?: number;
  dueSoonWorkingDays?: number;
  timed?: Timed;
}

export interface TickReport {
  at: string;
  timeouts: TimeoutReport;
  marks: MarkReport;
}

export class Scheduler {
  private readonly declared = new DeclaredTimeouts();
  private loop: Periodic | undefined;

  constructor(private readonly o: SchedulerOptions) {}

  get name(): string {
    return this.o.name ?? `${hostname()}:${process.pid}`;
  }

  /** One pass at the clock's current time. */
  async tick(): Promise<TickReport> {
    const at = this.o.clock();
    const batchSize = this.o.batchSize ?? 100;
    // Timeouts first: a case they close needs no deadline notice.
    const timeouts = await fireDueTimeouts(
      { db: this.o.db, cases: this.o.cases, log: this.o.log, name: this.name, batchSize, leaseSeconds: this.o.leaseSeconds ?? 120 },
      this.declared, at,
    );
    const marks = await markDeadlines(this.o.db, at, this.o.cases.calendar, batchSize, this.o.dueSoonWorkingDays);
    return { at, timeouts, marks };
  }

  /** Ticks every intervalMs until stop(); a tick never overlaps the previous one. */
  start(intervalMs: number): void {
    this.loop = runPeriodically(intervalMs, () =>
      (this.o.timed ?? untimed)("scheduler", () => this.tick())
        .then((r) => {
          if (r.timeouts.fired + r.timeouts.refused + r.marks.dueSoon + r.marks.overdue > 0) this.o.log.info(r, "scheduler tick");
        })
        .catch((e: unknown) => this.o.log.error({ err: e }, "scheduler tick failed")),
    );
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }
}
