// Hash routes to pages; "/" goes to the home page of the official's main role.
import { useEffect, useRef } from "preact/hooks";
import { match, navigate, useHashPath } from "./lib/router.js";
import { CASE_ROLES, hasRole, useSession } from "./lib/session.js";
import { useI18n } from "./i18n/index.js";
import { offerHeadingFocus, wantHeadingFocus } from "./lib/heading-focus.js";
import { InboxPage } from "./pages/Inbox.js";
import { IntakePage } from "./pages/Intake.js";
import { CasePage } from "./pages/Case.js";
import { CatalogPage } from "./pages/Catalog.js";
import { lazyPage } from "./lib/lazy.js";
import { AuditSearchPage } from "./pages/AuditSearch.js";
import { AuditCasePage } from "./pages/AuditCase.js";

const ProcedurePage = lazyPage(() => import("./pages/Procedure.js").then((m) => m.ProcedurePage));

export function Routes() {
  const path = useHashPath();
  const { me } = useSession();
  const { t } = useI18n();
  // After a route change the new page's heading takes the focus when it appears (see
  // heading-focus.ts); not on the first page shown: there the keyboard starts at the skip link.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    wantHeadingFocus(path);
    offerHeadingFocus(document.getElementById("page-h1"));
  }, [path]);
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
  if (match("/procedures", path)) return <CatalogPage />;
  if ((m = match("/procedures/:id", path))) return <ProcedurePage id={m.id!} tab="diagram" />;
  if ((m = match("/procedures/:id/:tab", path))) return <ProcedurePage id={m.id!} tab={m.tab!} />;
  if (match("/audit", path)) return <AuditSearchPage tab="cases" />;
  if (match("/audit/entries", path)) return <AuditSearchPage tab="entries" />;
  if ((m = match("/audit/cases/:id", path))) return <AuditCasePage id={m.id!} />;
  return (
    <p class="msg msg-warn" role="alert">
      {t("common.notFound")}
    </p>
  );
}
