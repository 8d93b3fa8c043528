// Signing with a USB token (PKCS#11): browsers cannot talk to the token, so the official runs
// `motcua sign --pkcs11` on the computer the token is plugged into and pastes its output here.
// The key never leaves the token; the PIN goes in an environment variable, not on the command line.
import { useI18n } from "../i18n/index.js";

export function TokenHowTo(p: { payloadFile: string; onDownload(): void; onPaste(): void }) {
  const { t } = useI18n();
  const command = `MOTCUA_PIN=… npx motcua sign --payload ${p.payloadFile} --pkcs11 <${t("sign.tokenModule")}> --slot <${t("sign.tokenSlot")}> --key-label <${t("sign.tokenLabel")}>`;
  return (
    <details class="token-howto" data-testid="token-howto">
      <summary>{t("sign.tokenTitle")}</summary>
      <p class="small">{t("sign.tokenExplain")}</p>
      <pre class="mono small break" data-testid="token-command">
        {command}
      </pre>
      <p class="small">
        <button type="button" class="btn btn-link" onClick={p.onDownload}>
          {t("sign.downloadPayload")}
        </button>{" "}
        <button type="button" class="btn btn-link" onClick={p.onPaste}>
          {t("sign.tokenPaste")}
        </button>
      </p>
    </details>
  );
}
