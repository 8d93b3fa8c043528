// The answer of a case migration in words: the cases that move (or would), each a link with its
// current step, and the cases that stay on the old version with why — a step the new version does
// not have, or the fields of the dossier the new form refuses — so the administrator can finish
// them under the old rules or have the dossier corrected. Each list says what it is in its heading
// (and with a mark), not only with colour.
import { useI18n, type I18n } from "../i18n/index.js";
import { procedureVersion } from "../lib/procedures.js";
import { useAsync } from "../lib/use-async.js";
import { href } from "../lib/router.js";
import type { MigrationOutcome, Procedure } from "../lib/types.js";
import { ruleMessage, schemaAt, titlePath, type Schema } from "./SchemaForm.js";

type Blocked = MigrationOutcome["blocked"][number];

export function MigrationLists(p: { id: string; outcome: MigrationOutcome }) {
  const i18n = useI18n();
  const { t, loc } = i18n;
  const o = p.outcome;
  // Titles come from the definitions; until they load, the lists show the step ids.
  const defs = useAsync(
    () => Promise.all([procedureVersion(p.id, o.fromVersion), procedureVersion(p.id, o.toVersion)]).then(([a, b]) => ({ from: a.definition, to: b.definition })),
    [p.id, o.fromVersion, o.toVersion],
  );
  const stateTitle = (s: string) => loc(defs.data?.from.states[s]?.title) || s;
  const caseLink = (c: { id: string; code: string }) => (
    <a href={href("cases", c.id)} class="mono">
      {c.code}
    </a>
  );
  return (
    <div class="migrate-lists">
      <section aria-labelledby="migrate-moved-title" data-testid="migrate-moved">
        <h4 id="migrate-moved-title">
          <span aria-hidden="true">→ </span>
          {t(o.dryRun ? "migrate.willMove" : "migrate.moved", { n: o.moved.length, to: o.toVersion })}
        </h4>
        {o.moved.length === 0 ? (
          <p class="muted">{t("migrate.noneMove")}</p>
        ) : (
          <ul class="migrate-list">
            {o.moved.map((m) => (
              <li data-case={m.code}>
                {caseLink(m)} · {stateTitle(m.state)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="migrate-blocked-title" data-testid="migrate-blocked">
        <h4 id="migrate-blocked-title">
          <span aria-hidden="true">⚠ </span>
          {t("migrate.stay", { n: o.blocked.length, from: o.fromVersion })}
        </h4>
        {o.blocked.length === 0 ? (
          <p class="muted">{t("migrate.noneStay")}</p>
        ) : (
          <ul class="migrate-list">
            {o.blocked.map((b) => (
              <li data-case={b.code} data-reason={b.reason}>
                {caseLink(b)} · {stateTitle(b.state)}
                <p class="small">{blockedText(i18n, b, { ...o, state: stateTitle(b.state) })}</p>
                {b.errors && b.errors.length > 0 && <FieldProblems errors={b.errors} def={defs.data?.to} />}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** Why a case stays: the migration's own reasons with the versions, else the shared error wording, else the server's detail. */
function blockedText(i18n: I18n, b: Blocked, params: { fromVersion: number; toVersion: number; state: string }): string {
  const values = { from: params.fromVersion, to: params.toVersion, state: params.state };
  return i18n.phrase(`migrate.blocked.${b.reason}`, values) ?? i18n.maybe(`err.${b.reason}`) ?? b.detail;
}

/** The dossier's fields the new version's form refuses, named by the new form's titles (pointers under /data). */
function FieldProblems(p: { errors: NonNullable<Blocked["errors"]>; def: Procedure | undefined }) {
  const i18n = useI18n();
  const schema = p.def?.form.schema as Schema | undefined;
  return (
    <ul class="migrate-errors small">
      {p.errors.map((e) => {
        const local = e.pointer.startsWith("/data") ? e.pointer.slice("/data".length) : e.pointer;
        return (
          <li data-pointer={e.pointer}>
            {schema ? `${titlePath(schema, local, i18n)}: ${ruleMessage(e, schemaAt(schema, local), i18n)}` : e.message} <code>{e.pointer}</code>
          </li>
        );
      })}
    </ul>
  );
}
