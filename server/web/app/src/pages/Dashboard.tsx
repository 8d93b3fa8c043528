// The leader's dashboard: received, returned on time, late, overdue now, online share and fees
// for their unit (a commune leader) or their province and any of its units (provincial staff),
// over a chosen period, by day, week or month, by procedure and by unit, with CSV exports.
// Everything is one GET /statistics answer; the server counts as of its own clock.
import { useState } from "preact/hooks";
import { api, query } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { useSession } from "../lib/session.js";
import { catalog } from "../lib/procedures.js";
import { useAsync } from "../lib/use-async.js";
import { formatLocalDate, localDay } from "../lib/format.js";
import { useNames } from "../lib/directory.js";
import { presetPeriod, type PeriodPreset } from "../lib/periods.js";
import type { ConsoleConfig } from "../lib/types.js";
import { DateInput } from "../components/DateInput.js";
import { BarChart } from "../components/BarChart.js";
import { DataTable, ErrorBox, Loading, PageTitle, Panel } from "../components/ui.js";

// The server's own types (server/supervision/statistics.ts), so the page and the API cannot drift.
type Counts = import("../../../../supervision/statistics.js").StatisticsCounts;
interface StatisticsAnswer {
  filter: { asOf: string };
  total: Counts;
  byProcedure: Array<Counts & { procedureId: string }>;
  byUnit: Array<Counts & { unit: string }>;
  series: { interval: "day" | "week" | "month"; periods: Array<Counts & { start: string }> };
}

type Interval = "" | "day" | "week" | "month";

export function DashboardPage() {
  const { t, loc, lang } = useI18n();
  const { me } = useSession();
  const names = useNames();
  const provincial = me.unitLevel === "province";
  // The server's today, in the calendar's zone: the default period is this month so far.
  const config = useAsync(() => api.get<ConsoleConfig>("/app/config.json"), []);
  const today = config.data ? localDay(config.data.now, config.data.timeZone) : undefined;
  const [preset, setPreset] = useState<PeriodPreset | "custom">("month");
  const [custom, setCustom] = useState<{ from?: string; to?: string }>({});
  const [scope, setScope] = useState<string>(provincial ? "" : me.unit);
  const [procedure, setProcedure] = useState("");
  const [interval, setInterval] = useState<Interval>("");
  const period = preset === "custom" ? custom : today ? presetPeriod(preset, today) : {};
  const cat = useAsync(catalog, []);
  const params = {
    ...(scope === "" ? { province: me.province } : { unit: scope }),
    procedure,
    from: period.from,
    to: period.to,
    interval,
  };
  const ready = Boolean(period.from && period.to);
  const stats = useAsync(async () => (ready ? api.get<StatisticsAnswer>(`/statistics${query(params)}`) : undefined), [JSON.stringify(params), ready]);
  const title = (id: string) => {
    const item = cat.data?.find((p) => p.id === id);
    return item ? loc(item.title) : id;
  };
  const download = (by: "procedure" | "unit" | "period") => api.download(`/statistics${query({ ...params, format: "csv", by })}`, `statistics-${by}.csv`);
  const percent = (x: number | null) => (x === null ? "—" : `${Math.round(x * 1000) / 10}%`);
  const money = (n: number) => `${n.toLocaleString(lang === "vi" ? "vi-VN" : "en-GB")} đ`;
  const s = stats.data;

  return (
    <section aria-labelledby="page-h1">
      <PageTitle sub={provincial ? t("dash.subProvince", { province: names.unit(me.province) }) : t("dash.subUnit", { unit: names.unit(me.unit) })}>{t("dash.title")}</PageTitle>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t("dash.filters")}>
        {provincial && (
          <div class="field field-inline">
            <label for="d-scope">{t("dash.scope")}</label>
            <select id="d-scope" value={scope} onChange={(e) => setScope(e.currentTarget.value)}>
              <option value="">{t("dash.wholeProvince")}</option>
              {names.units
                .filter((u) => u.code !== me.province && u.code.startsWith(`${me.province}-`))
                .map((u) => (
                  <option value={u.code}>{u.name}</option>
                ))}
            </select>
          </div>
        )}
        <div class="field field-inline">
          <label for="d-procedure">{t("inbox.procedure")}</label>
          <select id="d-procedure" value={procedure} onChange={(e) => setProcedure(e.currentTarget.value)}>
            <option value="">{t("common.all")}</option>
            {(cat.data ?? []).map((p) => (
              <option value={p.id}>{loc(p.title)}</option>
            ))}
          </select>
        </div>
        <div class="field field-inline">
          <label for="d-period">{t("dash.period")}</label>
          <select
            id="d-period"
            value={preset}
            onChange={(e) => {
              const v = e.currentTarget.value as PeriodPreset | "custom";
              // Custom starts from the period shown, so only the date that changes needs typing.
              if (v === "custom") setCustom(period);
              setPreset(v);
            }}
          >
            {(["month", "last-month", "quarter", "year", "custom"] as const).map((k) => (
              <option value={k}>{t(`dash.preset.${k}`)}</option>
            ))}
          </select>
        </div>
        {preset === "custom" && (
          <>
            <div class="field field-inline">
              <label for="d-from">{t("dash.from")}</label>
              <DateInput id="d-from" value={custom.from ?? ""} onValue={(v) => setCustom({ ...custom, from: v })} />
            </div>
            <div class="field field-inline">
              <label for="d-to">{t("dash.to")}</label>
              <DateInput id="d-to" value={custom.to ?? ""} onValue={(v) => setCustom({ ...custom, to: v })} />
            </div>
          </>
        )}
        <div class="field field-inline">
          <label for="d-interval">{t("dash.interval")}</label>
          <select id="d-interval" value={interval} onChange={(e) => setInterval(e.currentTarget.value as Interval)}>
            {(["", "day", "week", "month"] as const).map((k) => (
              <option value={k}>{t(`dash.interval.${k || "auto"}`)}</option>
            ))}
          </select>
        </div>
      </form>
      <ErrorBox error={stats.error ?? config.error} />
      {!s ? (
        stats.loading || config.loading ? <Loading /> : null
      ) : (
        <>
          <p class="summary" data-testid="dash-period">
            {t("dash.showing", { from: formatLocalDate(period.from!), to: formatLocalDate(period.to!) })}
          </p>
          <dl class="kpis" data-testid="kpis">
            <Kpi id="received" label={t("dash.received")} value={s.total.received} />
            <Kpi id="on-time" label={t("dash.onTime")} value={s.total.completedOnTime} tone="ok" />
            <Kpi id="late" label={t("dash.late")} value={s.total.completedLate} tone={s.total.completedLate ? "warn" : undefined} />
            <Kpi id="overdue" label={t("dash.overdue")} value={s.total.overdue} tone={s.total.overdue ? "danger" : undefined} />
            <Kpi id="online" label={t("dash.onlineShare")} value={percent(s.total.onlineShare)} />
            <Kpi id="fees" label={t("dash.feesCollected")} value={money(s.total.feesCollected)} />
          </dl>
          <Panel id="dash-series" title={t("dash.series", { interval: t(`dash.interval.${s.series.interval}`) })}>
            <BarChart
              testId="series-chart"
              caption={t("dash.seriesCaption")}
              legend={[t("dash.online"), t("dash.counter")]}
              bars={s.series.periods.map((p) => ({
                label: s.series.interval === "month" ? formatLocalDate(p.start).slice(3) : formatLocalDate(p.start).slice(0, 5),
                title: formatLocalDate(p.start),
                parts: [p.online, p.counter],
              }))}
            />
            <div class="btn-row">
              <button type="button" class="btn" onClick={() => void download("period")}>
                {t("dash.csv.period")}
              </button>
            </div>
          </Panel>
          <Panel id="dash-procedures" title={t("dash.byProcedure")}>
            <CountsTable testId="by-procedure" first={t("inbox.procedure")} rows={s.byProcedure.map((r) => [title(r.procedureId), r])} total={s.total} percent={percent} money={money} />
            <div class="btn-row">
              <button type="button" class="btn" onClick={() => void download("procedure")}>
                {t("dash.csv.procedure")}
              </button>
            </div>
          </Panel>
          <Panel id="dash-units" title={t("dash.byUnit")}>
            <CountsTable testId="by-unit" first={t("dash.unit")} rows={s.byUnit.map((r) => [names.unit(r.unit), r])} total={s.total} percent={percent} money={money} />
            <div class="btn-row">
              <button type="button" class="btn" onClick={() => void download("unit")}>
                {t("dash.csv.unit")}
              </button>
            </div>
          </Panel>
        </>
      )}
    </section>
  );
}

function Kpi(p: { id: string; label: string; value: number | string; tone?: "ok" | "warn" | "danger" }) {
  return (
    <div class={p.tone ? `kpi kpi-${p.tone}` : "kpi"} data-testid={`kpi-${p.id}`}>
      <dt>{p.label}</dt>
      <dd>{p.value}</dd>
    </div>
  );
}

function CountsTable(p: { testId: string; first: string; rows: Array<[string, Counts]>; total: Counts; percent(x: number | null): string; money(n: number): string }) {
  const { t } = useI18n();
  const cells = (c: Counts) => [c.received, c.completedOnTime, c.completedLate, c.overdue, c.inProgress, c.refused + c.withdrawn, p.percent(c.onlineShare), p.money(c.feesCollected)];
  return (
    <DataTable
      testId={p.testId}
      compact
      columns={[p.first, t("dash.received"), t("dash.onTime"), t("dash.late"), t("dash.overdue"), t("dash.inProgress"), t("dash.refusedWithdrawn"), t("dash.onlineShare"), t("dash.feesCollected")]}
    >
      {p.rows.map(([name, c]) => (
        <tr>
          <th scope="row">{name}</th>
          {cells(c).map((v) => (
            <td class="num">{v}</td>
          ))}
        </tr>
      ))}
      <tr class="total">
        <th scope="row">{t("dash.total")}</th>
        {cells(p.total).map((v) => (
          <td class="num">{v}</td>
        ))}
      </tr>
    </DataTable>
  );
}
