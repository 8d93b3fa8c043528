// Every step of a case from the audit log: when, who (role and account), what moved where, the
// action's own data, and the signature evidence at a checkpoint.
import type { ComponentChildren } from "preact";
import { useI18n, type I18n } from "../i18n/index.js";
import { useSession } from "../lib/session.js";
import { useNames } from "../lib/directory.js";
import { formatDateTime, shortHash } from "../lib/format.js";
import type { AuditEntry, Procedure } from "../lib/types.js";
import { resolve, type Schema } from "./SchemaForm.js";
import { valueText } from "./DataView.js";

/** A step's title: the procedure's action, or one of the engine's built-in steps ("system:claim"...). */
export function actionTitle(def: Procedure | undefined, id: string, i18n: Pick<I18n, "t" | "loc" | "maybe">): string {
  if (id === "intake") return i18n.t("timeline.intake");
  if (id.startsWith("system:")) return i18n.maybe(`step.${id}`) ?? id;
  return i18n.loc(def?.actions.find((a) => a.id === id)?.title) || id;
}

export function Timeline(p: {
  entries: AuditEntry[];
  def: Procedure | undefined;
  detailed?: boolean;
  checks?: Map<number, { ok: boolean }>;
  /** Shown under a signed step's evidence (the case page: what the paper result must print). */
  afterSignature?(e: AuditEntry): ComponentChildren;
}) {
  const i18n = useI18n();
  const { t, loc, lang, maybe } = i18n;
  const { config } = useSession();
  const names = useNames();
  const stateTitle = (s: string | null) => (s ? loc(p.def?.states[s]?.title) || s : "—");
  const roleTitle = (r: string) => loc(p.def?.roles.find((x) => x.id === r)?.title) || maybe(`role.${r}`) || r;
  const builtinValue = (k: string, v: string) => (k === "queue" ? roleTitle(v) : /At$/.test(k) ? formatDateTime(v, lang, config.timeZone) : v);
  return (
    <ol class="timeline" data-testid="timeline">
      {p.entries.map((e) => {
        const action = p.def?.actions.find((a) => a.id === e.action);
        const dataSchema = action?.data as Schema | undefined;
        const input = e.input && typeof e.input === "object" ? (e.input as Record<string, unknown>) : undefined;
        const check = p.checks?.get(e.seq);
        return (
          <li class={`tl-item${e.signature ? " tl-signed" : ""}`}>
            <div class="tl-dot" aria-hidden="true" />
            <div class="tl-body">
              <div class="tl-head">
                <span class="tl-seq mono">#{e.seq}</span>
                <strong>{actionTitle(p.def, e.action, i18n)}</strong>
                {e.signature && <span class="badge badge-info">✍ {t("timeline.signed")}</span>}
                {check && <span class={`badge ${check.ok ? "badge-ok" : "badge-danger"}`}>{check.ok ? t("audit.entryOk") : t("audit.entryFail")}</span>}
                <time class="tl-time" dateTime={e.at}>
                  {formatDateTime(e.at, lang, config.timeZone)}
                </time>
              </div>
              <div class="tl-meta small">
                {e.from ? `${stateTitle(e.from)} → ` : ""}
                <strong>{stateTitle(e.to)}</strong>
                {" · "}
                {t("timeline.by")} {roleTitle(e.actor.role)} <span data-official={e.actor.id}>({names.official(e.actor.id)})</span> · {names.unit(e.actor.unit)}
              </div>
              {input && Object.keys(input).length > 0 && (
                <dl class="kv small tl-input">
                  {Object.entries(input).map(([k, v]) => {
                    const fs = resolve(((dataSchema?.properties as Record<string, Schema>) ?? {})[k] ?? {}, dataSchema ?? {});
                    // Steps the engine defines (claim, reassign, apology, unit merge) carry no schema: labels come from the dictionary.
                    const builtin = !dataSchema && e.action.startsWith("system:");
                    return (
                      <>
                        <dt>{builtin ? (maybe(`input.${k}`) ?? k) : i18n.fieldTitle(fs, k)}</dt>
                        <dd>{v === null ? "—" : builtin && typeof v === "string" ? builtinValue(k, v) : valueText(i18n, v, fs)}</dd>
                      </>
                    );
                  })}
                </dl>
              )}
              {e.signature && (
                <dl class="kv small tl-sig" data-testid="signature-evidence">
                  <dt>{t("sig.signer")}</dt>
                  <dd>{e.signature.signer.subject}</dd>
                  <dt>{t("sig.issuer")}</dt>
                  <dd>{e.signature.signer.issuer}</dd>
                  <dt>{t("sig.serial")}</dt>
                  <dd class="mono">{e.signature.signer.serialNumber}</dd>
                  <dt>{t("sig.fingerprint")}</dt>
                  <dd class="mono" title={e.signature.signer.fingerprint}>
                    {p.detailed ? e.signature.signer.fingerprint : shortHash(e.signature.signer.fingerprint, 16)}
                  </dd>
                  <dt>{t("sig.algorithm")}</dt>
                  <dd>{e.signature.algorithm}</dd>
                  {e.signature.timestamp && (
                    <>
                      {/* RFC 3161: proves the signature existed then, whatever becomes of the certificate later. */}
                      <dt>{t("sig.timestamp")}</dt>
                      <dd data-testid="signature-timestamp">
                        {formatDateTime(e.signature.timestamp.genTime, lang, config.timeZone)} · {e.signature.timestamp.tsa.subject}
                      </dd>
                    </>
                  )}
                  {e.signature.ocsp && e.signature.ocsp.length > 0 && (
                    <>
                      <dt>{t("sig.revocationEvidence")}</dt>
                      <dd>{t("sig.ocspCount", { n: e.signature.ocsp.length })}</dd>
                    </>
                  )}
                  {p.detailed && (
                    <>
                      <dt>{t("sig.validity")}</dt>
                      <dd>
                        {formatDateTime(e.signature.signer.notBefore, lang, config.timeZone)} – {formatDateTime(e.signature.signer.notAfter, lang, config.timeZone)}
                      </dd>
                      <dt>{t("sig.payload")}</dt>
                      <dd class="mono break">{e.signature.payloadDigest}</dd>
                      <dt>{t("sig.verifiedAt")}</dt>
                      <dd>{formatDateTime(e.signature.verifiedAt, lang, config.timeZone)}</dd>
                    </>
                  )}
                </dl>
              )}
              {e.signature && p.afterSignature?.(e)}
              {p.detailed && (
                <details class="tl-details">
                  <summary class="small">{t("audit.hashes")}</summary>
                <dl class="kv small tl-hash">
                  <dt>{t("audit.procedure")}</dt>
                  <dd class="mono">{e.procedure}</dd>
                  <dt>{t("audit.hash")}</dt>
                  <dd class="mono break">{e.hash}</dd>
                  <dt>{t("audit.prevHash")}</dt>
                  <dd class="mono break">{e.prevHash}</dd>
                  <dt>{t("audit.dossierHash")}</dt>
                  <dd class="mono break">{e.dossierHash}</dd>
                </dl>
                </details>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
