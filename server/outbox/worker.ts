// Runs outbox delivery in a server process every OUTBOX_INTERVAL_SECONDS (default 10) when
// OUTBOX_TARGETS_FILE names targets or a notice channel is configured. Without targets, messages
// stay pending on their cases.
import { hostname } from "node:os";
import type { Database } from "../db/database.js";
import type { Logger } from "../log.js";
import { deliverDue } from "./deliver.js";
import { loadTargets } from "./targets.js";
import { noticeTargets } from "./notice-targets.js";
import { noticeConfigOf } from "../config.js";
import { runPeriodically, untimed, type Periodic, type Timed } from "../periodic.js";

export function startOutboxWorker(o: { db: Database; clock: () => string; log: Logger; timed?: Timed }, env: NodeJS.ProcessEnv = process.env): Periodic | undefined {
  // The citizen's notice channels (SMTP_URL, SMS_GATEWAY_URL, ZALO_GATEWAY_URL) beside the file's topics.
  const targets = { ...noticeTargets(noticeConfigOf(env)), ...(env.OUTBOX_TARGETS_FILE ? loadTargets(env.OUTBOX_TARGETS_FILE) : {}) };
  if (Object.keys(targets).length === 0) return undefined;
  const seconds = Number(env.OUTBOX_INTERVAL_SECONDS ?? 10);
  const intervalMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : 10) * 1000;
  const name = `${hostname()}:${process.pid}`;
  return runPeriodically(intervalMs, () =>
    (o.timed ?? untimed)("outbox", () => deliverDue({ db: o.db, targets, name }, o.clock()))
      .then((r) => {
        if (r.delivered + r.failed > 0) o.log.info(r, "outbox delivery");
      })
      .catch((e: unknown) => o.log.error({ err: e }, "outbox delivery failed")),
  );
}
