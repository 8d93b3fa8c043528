// Background work in a server process (scheduler ticks, outbox delivery): a run never overlaps
// the previous one, the first run is delayed by a random part of the interval so processes
// started together do not scan in lockstep, and stop() waits for a run in progress.
/** Wraps one run of a background job (metrics time it and count its failures); default: runs it. */
export type Timed = <T>(job: "scheduler" | "outbox" | "checkpoint", run: () => Promise<T>) => Promise<T>;
export const untimed: Timed = (_job, run) => run();

export interface Periodic {
  stop(): Promise<void>;
}

export function runPeriodically(intervalMs: number, run: () => Promise<void>): Periodic {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const loop = () => {
    if (stopped) return;
    running = run().finally(() => {
      if (!stopped) timer = setTimeout(loop, intervalMs);
    });
  };
  timer = setTimeout(loop, Math.floor(Math.random() * Math.min(intervalMs, 5000)));
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
