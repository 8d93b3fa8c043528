// Deadline badge: overdue, due today, due soon, on time, or paused (waiting on the citizen).
import { useI18n } from "../i18n/index.js";
import { localDay } from "../lib/format.js";
import type { DeadlineStatus } from "../lib/types.js";
import { Badge, type Tone } from "./ui.js";

export type DeadlineKind = "overdue" | "today" | "soon" | "ontime" | "paused" | "closed";

/** `server` is the API's own status (GET /cases computes it on the working calendar); without it, judge by the clock. */
export function deadlineKind(c: { dueAt: string; pausedAt: string | null; closedAt: string | null }, now: string, timeZone: string, server?: DeadlineStatus): DeadlineKind {
  if (c.closedAt) return "closed";
  if (c.pausedAt) return "paused";
  const status = server ?? (Date.parse(now) > Date.parse(c.dueAt) ? "overdue" : "on-time");
  if (status === "overdue") return "overdue";
  if (localDay(c.dueAt, timeZone) === localDay(now, timeZone)) return "today";
  return status === "due-soon" ? "soon" : "ontime";
}

const TONE: Record<DeadlineKind, Tone> = { overdue: "danger", today: "warn", soon: "info", ontime: "ok", paused: "muted", closed: "neutral" };

/** A due date computed past the calendar's announced schedule (CaseState.dueProvisional): it may move. */
export function ProvisionalBadge(p: { c: { dueProvisional?: boolean } }) {
  const { t } = useI18n();
  if (!p.c.dueProvisional) return null;
  return (
    <Badge tone="warn" title={t("deadline.provisionalHint")}>
      <span data-testid="due-provisional">{t("deadline.provisional")}</span>
    </Badge>
  );
}

export function DeadlineBadge(p: { kind: DeadlineKind }) {
  const { t } = useI18n();
  return <Badge tone={TONE[p.kind]}>{t(`deadline.${p.kind}`)}</Badge>;
}
