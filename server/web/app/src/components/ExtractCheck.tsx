// Under a signed step on the case page: what the paper result (an extract, a decision) must print
// so that anyone can check it without an account: the case code, the digest of what was signed,
// and a QR code of the public check page for that pair.
import { useI18n } from "../i18n/index.js";
import { checkHref, checkUrl } from "../lib/check-link.js";
import { QrCode } from "./QrCode.js";

export function ExtractCheck(p: { code: string; digest: string }) {
  const { t } = useI18n();
  return (
    <div class="extract-check" data-testid="extract-check">
      <div>
        <p class="small extract-title">
          <strong>{t("extract.title")}</strong>
        </p>
        <p class="hint">{t("extract.hint")}</p>
        <dl class="kv small">
          <dt>{t("case.code")}</dt>
          <dd>
            <code class="mono select-all">{p.code}</code>
          </dd>
          <dt>{t("public.digest")}</dt>
          <dd>
            <code class="mono break select-all" data-testid="extract-digest">
              {p.digest}
            </code>
          </dd>
        </dl>
        <a class="small" href={checkHref(p.code, p.digest)}>
          {t("extract.link")}
        </a>
      </div>
      <QrCode text={checkUrl(p.code, p.digest)} label={t("extract.qr", { code: p.code })} />
    </div>
  );
}
