// The console's entry: language, session (token in localStorage, shared by tabs), header and the hash routes.
import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import "./styles.css";
import { api, getToken, onTokenChanged, setToken, whenUnauthorized } from "./lib/api.js";
import { I18nContext, initialLang, makeI18n, saveLang, type Lang } from "./i18n/index.js";
import { SessionContext, type Session } from "./lib/session.js";
import type { ConsoleConfig, Official } from "./lib/types.js";
import { LoginPage } from "./pages/Login.js";
import { Layout } from "./components/Layout.js";
import { Routes } from "./Routes.js";
import { Loading } from "./components/ui.js";
import { PublicLayout } from "./components/PublicLayout.js";
import { CheckPage } from "./pages/Check.js";
import { TrackPage } from "./pages/Track.js";
import { match, useHashPath } from "./lib/router.js";
import { isCheckPath } from "./lib/check-link.js";
import { useHeadingFocusOnNavigation } from "./lib/heading-focus.js";

// The calendar's zone (server/web/console.ts serves it in /app/config.json, no sign-in needed);
// used only until that file has arrived.
const DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh";

function App() {
  const [lang, setLang] = useState<Lang>(initialLang());
  const i18n = useMemo(() => makeI18n(lang), [lang]);
  const [me, setMe] = useState<Official | null | undefined>(undefined);
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const path = useHashPath();

  useEffect(() => saveLang(lang), [lang]);
  useEffect(() => {
    document.title = i18n.t("app.title");
  }, [i18n]);
  useEffect(() => {
    whenUnauthorized(() => {
      setToken(null);
      setMe(null);
    });
    void api.get<ConsoleConfig>("/app/config.json").then(setConfig);
    const loadMe = () => {
      if (!getToken()) return setMe(null);
      api.get<{ official: Official }>("/auth/me").then(
        (r) => setMe(r.official),
        () => setMe(null),
      );
    };
    loadMe();
    return onTokenChanged(loadMe);
  }, []);

  // Signed out, following a link (the sign-in page's, the header's) moves the focus as Routes does.
  useHeadingFocusOnNavigation(path, me === null);

  const session: Session | null = me && config ? { me, config, logout: () => (setToken(null), setMe(null), (location.hash = "/")) } : null;
  let body;
  if (me === undefined || (me && !config)) body = <Loading />;
  else if (!session && isCheckPath(path)) {
    // Anyone may check a signed result: these routes never ask for a sign-in.
    const m = match("/check/:code/:digest", path);
    body = (
      <PublicLayout lang={lang} setLang={setLang}>
        <CheckPage code={m?.code} digest={m?.digest} timeZone={config?.timeZone ?? DEFAULT_TIME_ZONE} />
      </PublicLayout>
    );
  } else if (!session && (path === "/track" || path.startsWith("/track/"))) {
    // The citizen tracks a dossier without an account: the code may be in the link, the secret never.
    body = (
      <PublicLayout lang={lang} setLang={setLang}>
        <TrackPage code={match("/track/:code", path)?.code} timeZone={config?.timeZone ?? DEFAULT_TIME_ZONE} />
      </PublicLayout>
    );
  } else if (!session) body = <LoginPage lang={lang} setLang={setLang} onLogin={(o) => setMe(o)} />;
  else
    body = (
      <SessionContext.Provider value={session}>
        <Layout lang={lang} setLang={setLang}>
          <Routes />
        </Layout>
      </SessionContext.Provider>
    );
  return <I18nContext.Provider value={i18n}>{body}</I18nContext.Provider>;
}

render(<App />, document.getElementById("root")!);
