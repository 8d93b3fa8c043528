// The frame of the pages anyone may open without an account (checking a result): the app's
// name, the language switch and the way to the officials' sign-in, nothing that needs a session.
import type { ComponentChildren } from "preact";
import { useI18n, type Lang } from "../i18n/index.js";
import { LangSwitch } from "./LangSwitch.js";
import { AppBrand, SkipLink } from "./Layout.js";

export function PublicLayout(p: { lang: Lang; setLang(l: Lang): void; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <>
      <SkipLink />
      <header class="app-header public-header">
        <AppBrand />
        <LangSwitch lang={p.lang} setLang={p.setLang} />
        <a class="btn btn-ghost-light" href="#/">
          {t("public.signIn")}
        </a>
      </header>
      <main id="main" tabIndex={-1}>
        {p.children}
      </main>
    </>
  );
}
