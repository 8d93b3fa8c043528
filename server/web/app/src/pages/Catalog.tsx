// The procedure catalog: every procedure at the version in force, and any version waiting for its date.
import { useI18n } from "../i18n/index.js";
import { useSession } from "../lib/session.js";
import { catalog } from "../lib/procedures.js";
import { useAsync } from "../lib/use-async.js";
import { formatDateTime } from "../lib/format.js";
import { href } from "../lib/router.js";
import { ErrorBox, Loading, PageTitle, DataTable } from "../components/ui.js";

export function CatalogPage() {
  const { t, loc, lang } = useI18n();
  const { config } = useSession();
  const list = useAsync(catalog, []);
  return (
    <section>
      <PageTitle sub={t("catalog.sub")}>{t("catalog.title")}</PageTitle>
      <ErrorBox error={list.error} />
      {list.loading ? (
        <Loading />
      ) : (
        <DataTable columns={[t("catalog.name"), t("catalog.id"), t("proc.level"), t("catalog.version"), t("catalog.published")]} caption={t("catalog.title")} testId="catalog">
          {(list.data ?? []).map((p) => (
            <tr>
              <td>
                <a href={href("procedures", p.id)}>{loc(p.title)}</a>
              </td>
              <td class="mono small">{p.id}</td>
              <td>{t(`level.${p.level === "province" ? "province" : "commune"}`)}</td>
              <td>
                v{p.version}
                {!p.inForce && <span class="hint"> · {t("catalog.inForceFrom", { at: formatDateTime(p.inForceFrom, lang, config.timeZone) })}</span>}
                {p.upcoming && (
                  <span class="hint" data-testid="upcoming">
                    {" "}
                    · {t("catalog.upcoming", { v: p.upcoming.version, at: formatDateTime(p.upcoming.inForceFrom, lang, config.timeZone) })}
                  </span>
                )}
              </td>
              <td class="nowrap">{formatDateTime(p.publishedAt, lang, config.timeZone)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
