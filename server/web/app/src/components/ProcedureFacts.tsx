// One line of facts about a procedure: level, deadline rule, fee, legal basis.
import { useI18n } from "../i18n/index.js";
import type { Procedure } from "../lib/types.js";

export function ProcedureFacts(p: { def: Procedure }) {
  const { t, loc } = useI18n();
  const d = p.def.deadline;
  const deadline = d.kind === "working-days" ? t("proc.deadlineDays", { n: d.days }) : t("proc.deadlineSameDay", { cutoff: d.cutoff ?? "15:00" });
  const f = p.def.fee;
  const money = (m: string) => `${Number(m).toLocaleString("vi-VN")} ₫`;
  const fee = f.kind === "free" ? t("proc.feeFree") : f.kind === "flat" ? money(f.amount) : `${money(f.amount)} / ${loc(f.unit)}${f.cap ? ` (${t("proc.feeCap")} ${money(f.cap)})` : ""}`;
  return (
    <dl class="facts">
      <div>
        <dt>{t("proc.level")}</dt>
        <dd>{t(`level.${p.def.level}`)}</dd>
      </div>
      <div>
        <dt>{t("proc.deadline")}</dt>
        <dd>{deadline}</dd>
      </div>
      <div>
        <dt>{t("proc.fee")}</dt>
        <dd>{fee}</dd>
      </div>
      <div>
        <dt>{t("proc.legal")}</dt>
        <dd>{p.def.legalBasis.map((l) => l.ref).join("; ")}</dd>
      </div>
    </dl>
  );
}
