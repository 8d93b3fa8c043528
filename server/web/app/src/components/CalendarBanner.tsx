// The administrators' banner when the working calendar is about to run out (engine/calendar-coverage.ts):
// its coverage ends within 60 days, or the announced holiday schedule does and due dates turn provisional.
import { useI18n, type Key } from "../i18n/index.js";
import { hasRole, useSession } from "../lib/session.js";
import { formatLocalDate as date } from "../lib/format.js";

export function CalendarBanner() {
  const { t } = useI18n();
  const { me, config } = useSession();
  const c = config.calendar;
  if (!hasRole(me, "admin") || !c) return null;
  const lines = c.status === "expired" ? [t("calendar.expired", { calendar: c.calendar, date: date(c.to) })] : [];
  for (const w of c.warnings) lines.push(t(w.code as Key, { calendar: c.calendar, date: date(w.date), days: w.days }));
  if (lines.length === 0) return null;
  return (
    <div class="calendar-banner" role="alert" aria-label={t("calendar.banner.label")} data-testid="calendar-banner">
      {lines.map((l) => (
        <p>{l}</p>
      ))}
    </div>
  );
}
