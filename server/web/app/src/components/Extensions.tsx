// Lawful extensions of the due date (engine/extension.ts): each one with its reason and the dates
// it moved between, so the officer can tell the citizen why the appointment changed, and that it
// is not lateness (an apology notice is shown apart, by ApologyNote).
import { useI18n } from "../i18n/index.js";
import { useSession } from "../lib/session.js";
import { formatDateTime } from "../lib/format.js";
import type { CaseState } from "../lib/types.js";

export function ExtensionNotes(p: { c: CaseState }) {
  const { t, lang, loc } = useI18n();
  const { config } = useSession();
  const list = p.c.extensions ?? [];
  if (list.length === 0) return null;
  const at = (iso: string) => formatDateTime(iso, lang, config.timeZone);
  return (
    <ul class="msg msg-info small" data-testid="extensions">
      {list.map((e) => (
        <li key={e.at}>
          {t("extension.note", { n: e.workingDays, from: at(e.fromDueAt), to: at(e.toDueAt) })} {loc(e.reason)}
        </li>
      ))}
    </ul>
  );
}
