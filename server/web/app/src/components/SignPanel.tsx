// Signing at a checkpoint: the payload to sign (canonical JSON and its SHA-256), then either
// (1) sign here with the official's key file (WebCrypto; the key stays in the browser), or
// (2) submit a signature made elsewhere (a signing device or `motcua sign`): a pasted JWS or
// the CLI's JSON, or a raw base64 signature with its certificate. Officials' USB tokens (PKCS#11)
// cannot be reached from a browser, so the key tab says how to sign with one through `motcua sign`.
import { useState } from "preact/hooks";
import { api } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { useSession } from "../lib/session.js";
import { useAsync } from "../lib/use-async.js";
import { SigningError, parsePastedSignature, signDetachedJws, type Submission } from "../lib/sign.js";
import { ErrorBox, FormButtons, Loading, Tabs } from "./ui.js";
import { TokenHowTo } from "./TokenHowTo.js";

interface SigningPayload {
  action: string;
  caseVersion: number;
  payload: Record<string, unknown>;
  canonical: string;
  sha256: string;
}

const readFile = (input: HTMLInputElement | null) => input?.files?.[0]?.text() ?? Promise.resolve("");

export function SignPanel(p: { caseId: string; caseCode: string; action: string; onSigned(): void; onCancel(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { config, me } = useSession();
  const sp = useAsync(() => api.get<SigningPayload>(`/cases/${encodeURIComponent(p.caseId)}/signing-payload?action=${encodeURIComponent(p.action)}`), [p.caseId, p.action]);
  const [tab, setTab] = useState("key");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [pasted, setPasted] = useState("");
  const [rawFormat, setRawFormat] = useState<"paste" | "raw">("paste");
  const [rawSig, setRawSig] = useState("");
  const [rawCert, setRawCert] = useState("");

  if (sp.loading) return <Loading />;
  if (!sp.data) return <ErrorBox error={sp.error} />;
  const payload = sp.data;

  const send = async (signature: Submission) => {
    await api.post(`/cases/${encodeURIComponent(p.caseId)}/actions`, { action: p.action, signature, signedPayload: payload.canonical, expectedVersion: payload.caseVersion });
    p.onSigned();
  };
  const run = async (make: () => Promise<Submission>) => {
    setBusy(true);
    setError(null);
    try {
      await send(await make());
    } catch (e) {
      setError(e instanceof SigningError ? new Error(t(e.key)) : e);
    } finally {
      setBusy(false);
    }
  };
  const signWithKey = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const keyText = await readFile(document.getElementById("sign-key") as HTMLInputElement);
      const certText = await readFile(document.getElementById("sign-cert") as HTMLInputElement);
      return { format: "jws", jws: await signDetachedJws(keyText, certText, payload.canonical) };
    });
  };
  const submitUploaded = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      if (rawFormat === "raw") return { format: "raw", signature: rawSig.trim(), certificate: rawCert.trim() };
      const sub = parsePastedSignature(pasted);
      if (!sub) throw new Error(t("sign.pasteInvalid"));
      return sub;
    });
  };
  const payloadFile = `${p.caseCode}-${p.action}-payload.json`;
  const downloadPayload = () => {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([JSON.stringify(payload)], { type: "application/json" }));
    a.download = payloadFile;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  return (
    <div class="sign-panel" data-testid="sign-panel">
      <h3>{t("sign.title")}</h3>
      <p class="small">{t("sign.explain")}</p>
      <dl class="kv small">
        <dt>{t("sign.digest")}</dt>
        <dd class="mono break" data-testid="payload-sha256">
          {payload.sha256}
        </dd>
      </dl>
      <details class="payload">
        <summary>{t("sign.showPayload")}</summary>
        <pre class="mono small">{JSON.stringify(payload.payload, null, 2)}</pre>
      </details>
      <Tabs
        idPrefix="sign"
        label={t("sign.how")}
        active={tab}
        onSelect={setTab}
        tabs={[
          { id: "key", label: t("sign.tabKey") },
          { id: "upload", label: t("sign.tabUpload") },
        ]}
      >
        {tab === "key" ? (
          <form onSubmit={signWithKey} noValidate>
            {config.devPki && (
              <p class="msg msg-warn small" role="note">
                {t("sign.devKeys", { dir: config.devPki.dir, user: me.username })}
              </p>
            )}
            <TokenHowTo payloadFile={payloadFile} onDownload={downloadPayload} onPaste={() => setTab("upload")} />
            <p class="hint">{t("sign.keyStays")}</p>
            <div class="field">
              <label for="sign-key">{t("sign.keyFile")}</label>
              <input id="sign-key" type="file" accept=".pem,.key,application/x-pem-file" aria-describedby="sign-key-hint" />
              <span class="hint" id="sign-key-hint">
                {t("sign.keyHint")}
              </span>
            </div>
            <div class="field">
              <label for="sign-cert">{t("sign.certFile")}</label>
              <input id="sign-cert" type="file" accept=".pem,.crt,.cer,application/x-pem-file" />
            </div>
            <FormButtons label={t("sign.signAndSend")} busy={busy} onCancel={p.onCancel} />
          </form>
        ) : (
          <form onSubmit={submitUploaded} noValidate>
            <p class="hint">
              {t("sign.elsewhere")}{" "}
              <button type="button" class="btn btn-link" onClick={downloadPayload}>
                {t("sign.downloadPayload")}
              </button>
            </p>
            <fieldset class="seg">
              <legend class="sr-only">{t("sign.format")}</legend>
              <label class={rawFormat === "paste" ? "on" : ""}>
                <input type="radio" name="sigfmt" checked={rawFormat === "paste"} onChange={() => setRawFormat("paste")} />
                {t("sign.formatJws")}
              </label>
              <label class={rawFormat === "raw" ? "on" : ""}>
                <input type="radio" name="sigfmt" checked={rawFormat === "raw"} onChange={() => setRawFormat("raw")} />
                {t("sign.formatRaw")}
              </label>
            </fieldset>
            {rawFormat === "paste" ? (
              <div class="field">
                <label for="sign-paste">{t("sign.pasteLabel")}</label>
                <textarea id="sign-paste" rows={5} class="mono small" value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} />
              </div>
            ) : (
              <>
                <div class="field">
                  <label for="sign-raw">{t("sign.rawLabel")}</label>
                  <textarea id="sign-raw" rows={3} class="mono small" value={rawSig} onInput={(e) => setRawSig(e.currentTarget.value)} />
                </div>
                <div class="field">
                  <label for="sign-raw-cert">{t("sign.rawCert")}</label>
                  <textarea id="sign-raw-cert" rows={5} class="mono small" value={rawCert} onInput={(e) => setRawCert(e.currentTarget.value)} />
                </div>
              </>
            )}
            <FormButtons label={t("sign.submitUploaded")} busy={busy} onCancel={p.onCancel} />
          </form>
        )}
      </Tabs>
      <ErrorBox error={error} />
    </div>
  );
}
