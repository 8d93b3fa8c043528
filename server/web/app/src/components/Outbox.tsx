// A case's messages to other systems and where each stands: officials see at once that the
// civil-status database has not yet received a result, and why, instead of finding out later.
import { useI18n } from "../i18n/index.js";
import { formatDateTime } from "../lib/format.js";
import type { OutboxMessage } from "../lib/types.js";
import { Badge, Panel, type Tone } from "./ui.js";

const TONE: Record<OutboxMessage["status"], Tone> = { delivered: "ok", pending: "info", retrying: "warn" };

export function OutboxPanel(p: { items: OutboxMessage[]; timeZone: string }) {
  const { t, maybe, lang } = useI18n();
  if (p.items.length === 0) return null;
  const when = (iso: string | null) => formatDateTime(iso, lang, p.timeZone);
  return (
    <Panel id="h-outbox" title={t("outbox.title")}>
      <ul class="plain" data-testid="outbox">
        {p.items.map((m) => (
          <li key={m.id} data-status={m.status}>
            <strong>{maybe(`outbox.topic.${m.topic}`) ?? m.topic}</strong>
            {m.notice && <span data-testid="notice"> ({maybe(`outbox.notice.${m.notice.event}`) ?? m.notice.event}, {m.notice.to})</span>}{" "}
            <Badge tone={TONE[m.status]}>{t(`outbox.status.${m.status}`)}</Badge>
            <div class="small muted">
              {m.status === "delivered" && t("outbox.deliveredAt", { at: when(m.deliveredAt) })}
              {m.status === "pending" && t("outbox.pendingSince", { at: when(m.createdAt) })}
              {m.status === "retrying" && t("outbox.retrying", { n: m.attempts, error: m.lastError ?? "", at: when(m.nextAttemptAt) })}
            </div>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
