// The dossiers of the province that already hold what this one declares (the procedure's
// intake.duplicates fields): shown when intake answers 409 case.possible_duplicate, each linked to
// its case with the unit's and the state's names, and a button to receive the dossier anyway once
// the officer has checked them. The server records that confirmation in the new case's chain.
import { useI18n } from "../i18n/index.js";
import { useNames } from "../lib/directory.js";
import { href } from "../lib/router.js";
import { formatDateTime } from "../lib/format.js";
import type { Procedure } from "../lib/types.js";

export type PossibleDuplicate = import("../../../../store/duplicates.js").PossibleDuplicate;

export function PossibleDuplicates(p: { def: Procedure; items: PossibleDuplicate[]; timeZone: string; busy: boolean; onConfirm(): void }) {
  const { t, loc, lang } = useI18n();
  const names = useNames();
  // The matches are of the same procedure; a state the current version no longer has shows its id.
  const stateName = (s: string) => (p.def.states[s] ? loc(p.def.states[s]!.title) : s);
  return (
    <div class="msg msg-warn" role="alert" id="intake-duplicates" tabIndex={-1} data-testid="possible-duplicates">
      <strong>{t("intake.duplicatesTitle")}</strong> {t("intake.duplicatesHint")}
      <ul>
        {p.items.map((x) => (
          <li>
            <a href={href("cases", x.id)} class="mono" target="_blank" rel="noopener">
              {x.code}
            </a>{" "}
            · {names.unit(x.unit)} · {stateName(x.state)} · {formatDateTime(x.receivedAt, lang, p.timeZone)}
          </li>
        ))}
      </ul>
      <button type="button" class="btn" disabled={p.busy} onClick={p.onConfirm} data-testid="confirm-duplicate">
        {t("intake.duplicatesConfirm")}
      </button>
    </div>
  );
}
