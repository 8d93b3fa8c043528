// Work that crosses units: the task another unit asked of mine (what it asks, by when, who asks),
// and the parts of an interconnected dossier with their state and the parent's rule over them.
import { useI18n } from "../i18n/index.js";
import { formatDateTime } from "../lib/format.js";
import type { CaseParts, CaseState, Procedure } from "../lib/types.js";
import { Badge, DataTable, Panel } from "./ui.js";

/** The question another unit asked, shown to the unit that answers it. */
export function TaskPanel(p: { c: CaseState; timeZone: string }) {
  const { t, lang } = useI18n();
  const task = p.c.task;
  if (!task) return null;
  const request = task.request && typeof task.request === "object" ? Object.values(task.request as Record<string, unknown>).filter((v) => typeof v === "string") : [];
  return (
    <Panel id="h-task" title={t("task.title")}>
      <div data-testid="unit-task">
        <p>{t("task.askedBy", { unit: p.c.unit })}</p>
        {request.map((v) => (
          <blockquote class="task-request">{String(v)}</blockquote>
        ))}
        <p class="small">
          {t("task.due")}: <strong>{formatDateTime(task.dueAt, lang, p.timeZone)}</strong>
        </p>
        <p class="small muted">{t("task.partial")}</p>
      </div>
    </Panel>
  );
}

/** Every part of an interconnected dossier, its unit, state and outcome, and whether the result may be returned. */
export function PartsPanel(p: { parts: CaseParts; def: Procedure; timeZone: string }) {
  const { t, loc, lang } = useI18n();
  const tone = p.parts.verdict === "satisfied" ? "ok" : p.parts.verdict === "failed" ? "danger" : "info";
  return (
    <Panel id="h-parts" title={t("parts.title")}>
      <p>
        <Badge tone={tone}>
          <span data-testid="parts-verdict">{t(`parts.verdict.${p.parts.verdict}`)}</span>
        </Badge>
      </p>
      <DataTable columns={[t("parts.part"), t("parts.unit"), t("case.code"), t("parts.state"), t("case.due")]} caption={t("parts.title")} testId="parts-table">
        {p.parts.items.map((x) => {
          const declared = p.def.linked?.parts.find((d) => d.id === x.part);
          return (
            <tr>
              <td>
                {declared?.title ? loc(declared.title) : x.part}
                {x.mayFail && <span class="small muted"> ({t("parts.mayFail")})</span>}
              </td>
              <td>{x.unit}</td>
              <td class="mono">{x.code}</td>
              <td>{x.outcome ? <Badge tone={x.outcome === "completed" ? "ok" : "danger"}>{t(`parts.outcome.${x.outcome}`)}</Badge> : x.state}</td>
              <td class="nowrap">{x.dueAt ? formatDateTime(x.dueAt, lang, p.timeZone) : "—"}</td>
            </tr>
          );
        })}
      </DataTable>
    </Panel>
  );
}
