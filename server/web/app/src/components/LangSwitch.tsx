import { useI18n, type Lang } from "../i18n/index.js";

/** Two toggle buttons; the current language is pressed. Each names its language in that language. */
export function LangSwitch(p: { lang: Lang; setLang(l: Lang): void }) {
  const { t } = useI18n();
  return (
    <div class="lang-switch" role="group" aria-label={t("lang.label")}>
      <button type="button" lang="vi" aria-pressed={p.lang === "vi"} onClick={() => p.setLang("vi")}>
        Tiếng Việt
      </button>
      <button type="button" lang="en" aria-pressed={p.lang === "en"} onClick={() => p.setLang("en")}>
        English
      </button>
    </div>
  );
}
