// The public answer for a signed result: one verdict first, then what was signed, by whom and
// when, where the case stands now, and the three checks behind the verdict. Each check says its
// outcome in words and with a mark (✓ ✗ …), not by colour alone. Nothing of the dossier is shown.
import { useI18n, type Key } from "../i18n/index.js";
import { formatDateTime } from "../lib/format.js";
import type { PublicResultResponse } from "../lib/types.js";
import type { BrowserCheck } from "../lib/public-proof.js";

type Outcome = "passed" | "failed" | "pending";

const CHECKS: Array<{ name: "record" | "signature" | "log"; text: Partial<Record<Outcome, Key>> }> = [
  { name: "record", text: { passed: "public.record.passed", failed: "public.record.failed" } },
  { name: "signature", text: { passed: "public.signature.passed", failed: "public.signature.failed" } },
  // "pending" is no failure: the log publishes a checkpoint periodically, the step is not yet under one.
  { name: "log", text: { passed: "public.log.passed", pending: "public.log.pending", failed: "public.log.failed" } },
];

const MARK: Record<Outcome, string> = { passed: "✓", failed: "✗", pending: "…" };
const TONE: Record<Outcome, string> = { passed: "ok-text", failed: "fail-text", pending: "warn-text" };

export function CheckAnswer(p: { r: PublicResultResponse; timeZone: string; browserCheck: BrowserCheck }) {
  const { t, loc, lang } = useI18n();
  const { r } = p;
  const ok = r.verification.ok;
  // The calendar's zone is Vietnam's; a reader abroad must know the times are not theirs.
  const zone = p.timeZone === "Asia/Ho_Chi_Minh" ? t("public.vnTime") : p.timeZone;
  const when = (iso: string) => `${formatDateTime(iso, lang, p.timeZone)} (${zone})`;
  const outcome = r.state.outcome === "refused" ? t("public.outcome.refused") : r.state.outcome === "withdrawn" ? t("public.outcome.withdrawn") : null;
  return (
    <section class={`panel verify check-answer ${ok ? "verify-ok" : "verify-fail"}`} aria-labelledby="check-answer-h" data-testid="check-answer">
      <h2 id="check-answer-h" tabIndex={-1} data-testid="check-verdict">
        <span aria-hidden="true">{ok ? "✓ " : "✗ "}</span>
        {ok ? t("public.valid") : t("public.invalid")}
      </h2>
      <p>{ok ? t("public.validSub") : t("public.invalidSub")}</p>
      {outcome && (
        <p class="msg msg-warn" data-testid="check-outcome">
          <strong>⚠ {t("public.note")}:</strong> {outcome}
        </p>
      )}
      <dl class="kv">
        <dt>{t("public.procedure")}</dt>
        <dd>
          {loc(r.procedure.title ?? undefined) || r.procedure.id} · {t("case.version", { v: r.procedure.version })}
        </dd>
        <dt>{t("public.step")}</dt>
        <dd>{loc(r.step.title ?? undefined) || r.step.action}</dd>
        <dt>{t("public.signedAt")}</dt>
        <dd>
          <time dateTime={r.step.at}>{when(r.step.at)}</time>
        </dd>
        <dt>{t("public.unit")}</dt>
        <dd>{r.step.unitName ?? r.step.unit}</dd>
        <dt>{t("public.signer")}</dt>
        <dd class="break">{r.signer.subject}</dd>
        <dt>{t("public.issuer")}</dt>
        <dd class="break">{r.signer.issuer}</dd>
        <dt>{t("public.state")}</dt>
        <dd data-testid="check-state">
          {loc(r.state.title ?? undefined) || r.state.id}
          {!r.state.closed && <span class="muted"> ({t("public.open")})</span>}
        </dd>
      </dl>
      {r.facts.length > 0 && (
        <>
          <h3>{t("public.facts")}</h3>
          <p class="small">{t("public.factsHint")}</p>
          <dl class="kv" data-testid="check-facts">
            {r.facts.map((f) => (
              <>
                <dt>{loc(f.title ?? undefined) || f.id}</dt>
                <dd data-fact={f.id}>{/^\d{4}-\d{2}-\d{2}$/.test(f.value) ? f.value.split("-").reverse().join("/") : f.value}</dd>
              </>
            ))}
          </dl>
        </>
      )}
      <h3>{t("public.checks")}</h3>
      <ul class="plain check-list" data-testid="check-list">
        {CHECKS.map((c) => {
          const v: Outcome = r.verification[c.name];
          const text = c.text[v];
          return (
            <li class={TONE[v]} data-check={c.name} data-outcome={v}>
              <span class="check-mark" aria-hidden="true">
                {MARK[v]}
              </span>{" "}
              {text ? t(text) : v}
            </li>
          );
        })}
        <BrowserCheckLine c={p.browserCheck} />
      </ul>
      <p class="small muted">{t("public.checkedAt", { at: when(r.checkedAt) })}</p>
    </section>
  );
}

/** What this browser found on its own: the payload, the log entry and the signed checkpoint agree. */
function BrowserCheckLine(p: { c: BrowserCheck }) {
  const { t, maybe } = useI18n();
  const c = p.c;
  if (c.state === "none") return null;
  const v: Outcome = c.state === "ok" ? "passed" : c.state === "failed" ? "failed" : "pending";
  return (
    <li class={TONE[v]} data-check="browser" data-outcome={v}>
      <span class="check-mark" aria-hidden="true">
        {MARK[v]}
      </span>{" "}
      {c.state === "ok" ? t("public.browser.passed") : c.state === "failed" ? `${t("public.browser.failed")} ${maybe(`verify.${c.reason}`) ?? ""}` : t("public.browser.checking")}
      {c.state !== "checking" && c.keyId && <span class="small muted break"> {t("public.browser.key", { key: c.keyId })}</span>}
    </li>
  );
}
