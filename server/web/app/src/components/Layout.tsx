// Header with the navigation the official's roles allow, who is signed in, language and sign-out.
import type { ComponentChildren } from "preact";
import { useI18n, type Lang } from "../i18n/index.js";
import { CASE_ROLES, canSeeDashboard, hasRole, useSession } from "../lib/session.js";
import { useHashPath } from "../lib/router.js";
import { LangSwitch } from "./LangSwitch.js";
import { useNames } from "../lib/directory.js";
import { CalendarBanner } from "./CalendarBanner.js";

export function Layout(p: { lang: Lang; setLang(l: Lang): void; children: ComponentChildren }) {
  const { t, maybe } = useI18n();
  const { me, logout, config } = useSession();
  const names = useNames();
  const path = useHashPath();
  const links: Array<{ href: string; label: string; show: boolean; active: boolean }> = [
    { href: "#/inbox", label: t("nav.inbox"), show: hasRole(me, ...CASE_ROLES), active: path === "/" || path.startsWith("/inbox") || path.startsWith("/cases") },
    { href: "#/intake", label: t("nav.intake"), show: hasRole(me, "reception"), active: path.startsWith("/intake") },
    { href: "#/dashboard", label: t("nav.dashboard"), show: canSeeDashboard(me), active: path.startsWith("/dashboard") },
    { href: "#/admin/officials", label: t("nav.officials"), show: hasRole(me, "admin"), active: path.startsWith("/admin/officials") },
    { href: "#/admin/units", label: t("nav.units"), show: hasRole(me, "admin") && me.unitLevel === "province", active: path.startsWith("/admin/units") },
    { href: "#/procedures", label: t("nav.procedures"), show: true, active: path.startsWith("/procedures") },
    { href: "#/audit", label: t("nav.audit"), show: hasRole(me, "auditor"), active: path.startsWith("/audit") },
  ];
  return (
    <>
      <SkipLink />
      <header class="app-header">
        <AppBrand />
        <nav aria-label={t("nav.label")} class="main-nav">
          <ul>
            {links
              .filter((l) => l.show)
              .map((l) => (
                <li>
                  <a href={l.href} aria-current={l.active ? "page" : undefined}>
                    {l.label}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <div class="user-box">
          <span class="user-name" data-testid="user-name">
            {me.fullName}
          </span>
          <span class="user-meta">
            {me.roles.map((r) => maybe(`role.${r}`) ?? r).join(", ")} · {names.unit(me.unit)}
          </span>
        </div>
        <LangSwitch lang={p.lang} setLang={p.setLang} />
        <button type="button" class="btn btn-ghost-light" onClick={logout}>
          {t("nav.logout")}
        </button>
      </header>
      {config.devPki && (
        <div class="dev-banner" role="note">
          {t("dev.banner")}
        </div>
      )}
      <CalendarBanner />
      <main id="main" tabIndex={-1}>
        {p.children}
      </main>
    </>
  );
}

/** The first thing the keyboard reaches: straight to the page's content. */
export function SkipLink() {
  const { t } = useI18n();
  return (
    <a class="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById("main")?.focus())}>
      {t("nav.skip")}
    </a>
  );
}

export function AppBrand() {
  const { t } = useI18n();
  return (
    <div class="brand">
      <span class="brand-mark" aria-hidden="true">
        MC
      </span>
      <span>
        <span class="brand-name">{t("app.name")}</span>
        <span class="brand-sub">{t("app.tagline")}</span>
      </span>
    </div>
  );
}
