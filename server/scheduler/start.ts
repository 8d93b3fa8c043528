// Starts the scheduler in a server process. SCHEDULER_INTERVAL_SECONDS (default 30) sets the
// pace; SCHEDULER=off leaves it to other processes (every process may run one: they share work).
import type { Database } from "../db/database.js";
import type { CaseService } from "../cases/service.js";
import type { Logger } from "../log.js";
import { Scheduler } from "./scheduler.js";
import type { Timed } from "../periodic.js";

export function startScheduler(o: { db: Database; cases: CaseService; clock: () => string; log: Logger; timed?: Timed }, env: NodeJS.ProcessEnv = process.env): Scheduler | undefined {
  if (env.SCHEDULER === "off") return undefined;
  const seconds = Number(env.SCHEDULER_INTERVAL_SECONDS ?? 30);
  const s = new Scheduler(o);
  s.start((Number.isFinite(seconds) && seconds > 0 ? seconds : 30) * 1000);
  return s;
}
