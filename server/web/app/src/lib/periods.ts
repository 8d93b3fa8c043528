// The periods a leader reports on, as local dates (YYYY-MM-DD) around the server's today.
export type PeriodPreset = "month" | "last-month" | "quarter" | "year";

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

/** from..to of a preset containing (or, for last-month, before) `today`; `to` never after today. */
export function presetPeriod(preset: PeriodPreset, today: string): { from: string; to: string } {
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1];
  switch (preset) {
    case "month":
      return { from: iso(y, m, 1), to: today };
    case "last-month":
      return { from: iso(y, m - 1, 1), to: iso(y, m, 0) };
    case "quarter":
      return { from: iso(y, m - (m % 3), 1), to: today };
    case "year":
      return { from: iso(y, 0, 1), to: today };
  }
}
