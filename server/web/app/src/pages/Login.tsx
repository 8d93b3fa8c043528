// Sign-in with a local account (POST /auth/login); the token lives in localStorage, so new tabs are signed in too.
import { useState } from "preact/hooks";
import { api, ApiError, setToken } from "../lib/api.js";
import { useI18n, type Lang } from "../i18n/index.js";
import type { Official } from "../lib/types.js";
import { LangSwitch } from "../components/LangSwitch.js";
import { errorText } from "../components/ui.js";

export function LoginPage(p: { lang: Lang; setLang(l: Lang): void; onLogin(o: Official): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ token: string; official: Official }>("/auth/login", { username, password });
      setToken(r.token);
      p.onLogin(r.official);
    } catch (err) {
      setError(err instanceof ApiError && err.code === "auth.bad_credentials" ? t("login.bad") : errorText(err, i18n));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="login-wrap">
      <main class="login-card" id="main">
        <div class="login-head">
          <span class="brand-mark" aria-hidden="true">
            MC
          </span>
          <div>
            <h1>{t("app.name")}</h1>
            <p class="muted">{t("app.tagline")}</p>
          </div>
        </div>
        <form onSubmit={submit} noValidate aria-describedby={error ? "login-error" : undefined}>
          <h2 class="login-title">{t("login.title")}</h2>
          {error && (
            <p class="msg msg-error" id="login-error" role="alert">
              {error}
            </p>
          )}
          <div class="field">
            <label for="login-username">{t("login.username")}</label>
            <input id="login-username" name="username" autoComplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="login-password">{t("login.password")}</label>
            <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </div>
          <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
            {busy ? t("common.working") : t("login.submit")}
          </button>
        </form>
        {/* For whoever holds a signed result (a bank, the police): no account needed. */}
        <p class="login-check">
          <a href="#/check">{t("login.checkLink")}</a>
        </p>
        <div class="login-foot">
          <LangSwitch lang={p.lang} setLang={p.setLang} />
        </div>
      </main>
    </div>
  );
}
