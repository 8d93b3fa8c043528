// Hash routes to pages; "/" goes to the home page of the official's main role.
import { useEffect } from "preact/hooks";
import { match, navigate, useHashPath } from "./lib/router.js";
import { CASE_ROLES, hasRole, useSession } from "./lib/session.js";
import { useI18n } from "./i18n/index.js";
import { useHeadingFocusOnNavigation } from "./lib/heading-focus.js";
import { InboxPage } from "./pages/Inbox.js";
import { IntakePage } from "./pages/Intake.js";
import { CasePage } from "./pages/Case.js";
import { CatalogPage } from "./pages/Catalog.js";
import { lazyPage } from "./lib/lazy.js";
import { AuditSearchPage } from "./pages/AuditSearch.js";
import { AuditCasePage } from "./pages/AuditCase.js";
import { CheckPage } from "./pages/Check.js";
import { TrackPage } from "./pages/Track.js";

const DashboardPage = lazyPage(() => import("./pages/Dashboard.js").then((m) => m.DashboardPage));
const OfficialsPage = lazyPage(() => import("./pages/Officials.js").then((m) => m.OfficialsPage));
const UnitsPage = lazyPage(() => import("./pages/Units.js").then((m) => m.UnitsPage));
const ProcedurePage = lazyPage(() => import("./pages/Procedure.js").then((m) => m.ProcedurePage));

export function Routes() {
  const path = useHashPath();
  const { me, config } = useSession();
  const { t } = useI18n();
  useHeadingFocusOnNavigation(path);
  const home = hasRole(me, ...CASE_ROLES) ? "/inbox" : hasRole(me, "auditor") ? "/audit" : "/procedures";
  useEffect(() => {
    if (path === "/") navigate(home);
  }, [path, home]);
  let m: Record<string, string> | undefined;
  if (path === "/") return null;
  if (match("/inbox", path)) return <InboxPage />;
  if (match("/intake", path)) return <IntakePage />;
  if ((m = match("/intake/:procedure", path))) return <IntakePage procedureId={m.procedure} />;
  if ((m = match("/cases/:id", path))) return <CasePage id={m.id!} />;
  if (match("/dashboard", path)) return <DashboardPage />;
  if (match("/admin/officials", path)) return <OfficialsPage />;
  if (match("/admin/units", path)) return <UnitsPage />;
  if (match("/procedures", path)) return <CatalogPage />;
  if ((m = match("/procedures/:id", path))) return <ProcedurePage id={m.id!} tab="diagram" />;
  if ((m = match("/procedures/:id/:tab", path))) return <ProcedurePage id={m.id!} tab={m.tab!} />;
  if (match("/audit", path)) return <AuditSearchPage tab="cases" />;
  if (match("/audit/entries", path)) return <AuditSearchPage tab="entries" />;
  if ((m = match("/audit/cases/:id", path))) return <AuditCasePage id={m.id!} />;
  // The public check, also open to a signed-in official (the link under a signed step leads here).
  if (match("/check", path)) return <CheckPage timeZone={config.timeZone} />;
  if ((m = match("/check/:code/:digest", path))) return <CheckPage code={m.code!} digest={m.digest!} timeZone={config.timeZone} />;
  if (match("/track", path)) return <TrackPage timeZone={config.timeZone} />;
  return (
    <p class="msg msg-warn" role="alert">
      {t("common.notFound")}
    </p>
  );
}
