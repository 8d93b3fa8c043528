// The case's fee as computed at intake (engine/fee.ts): the amount, any exemption with its reason,
// and the payment with its receipt number; the reception officer of the case's unit records a
// payment here (POST /cases/:id/payment), in cash or with the portal's online reference.
import { useState } from "preact/hooks";
import { api, ApiError, type FieldError } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { useSession } from "../lib/session.js";
import { formatDateTime } from "../lib/format.js";
import type { CaseState, Procedure } from "../lib/types.js";
import { ErrorBox, FormButtons } from "./ui.js";

const money = (n: number) => `${n.toLocaleString("vi-VN")} ₫`;

export function FeePanel(p: { c: CaseState; def: Procedure; onDone(): void }) {
  const { t, loc, lang } = useI18n();
  const { me, config } = useSession();
  const [open, setOpen] = useState(false);
  const f = p.c.fee;
  if (!f) return null;
  const unit = p.def.fee.kind === "per-unit" ? loc(p.def.fee.unit) : "";
  const mayTake = me.unit === p.c.unit && me.roles.some((r) => p.def.intake.roles.includes(r));
  const refusedOrWithdrawn = p.c.outcome === "refused" || p.c.outcome === "withdrawn";
  return (
    <div class="fee" data-testid="fee">
      <p class="small">
        {t("fee.amount")}: <strong data-testid="fee-due">{money(f.due)}</strong>
        {f.quantity !== undefined && <span class="muted"> ({f.quantity} {unit})</span>}
        {f.exemption && <span class="muted"> · {t("fee.exempt", { percent: f.exemption.percent, amount: money(f.amount) })} {loc(f.exemption.reason)}</span>}
      </p>
      {f.payment ? (
        <p class="small" data-testid="fee-paid">
          {t("fee.paid", { receipt: f.payment.receipt, at: formatDateTime(f.payment.at, lang, config.timeZone) })} · {t(`fee.method.${f.payment.method}`)}
          {f.payment.reference && <span class="mono"> {f.payment.reference}</span>}
        </p>
      ) : f.due > 0 ? (
        <p class="small">{t("fee.unpaid")}</p>
      ) : null}
      {mayTake && !f.payment && f.due > 0 && !refusedOrWithdrawn && !open && (
        <button type="button" class="btn btn-small" aria-controls="payment-form" onClick={() => setOpen(true)}>
          {t("fee.record")}
        </button>
      )}
      {open && <PaymentForm c={p.c} onDone={() => (setOpen(false), p.onDone())} onCancel={() => setOpen(false)} />}
    </div>
  );
}

function PaymentForm(p: { c: CaseState; onDone(): void; onCancel(): void }) {
  const { t } = useI18n();
  const [method, setMethod] = useState<"cash" | "online">("cash");
  const [reference, setReference] = useState("");
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const refError = errors.find((e) => e.pointer === "/reference");
  const submit = async (e: Event) => {
    e.preventDefault();
    setFailure(null);
    setErrors([]);
    setBusy(true);
    try {
      await api.post(`/cases/${encodeURIComponent(p.c.id)}/payment`, { method, ...(method === "online" ? { reference } : {}) });
      p.onDone();
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setErrors(err.errors);
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form id="payment-form" class="action-form" onSubmit={submit} noValidate>
      <h3>{t("fee.record")}</h3>
      <fieldset class="field">
        <legend>{t("fee.methodLabel")}</legend>
        {(["cash", "online"] as const).map((m) => (
          <label key={m} class="check">
            <input type="radio" name="payment-method" value={m} checked={method === m} onChange={() => setMethod(m)} /> {t(`fee.method.${m}`)}
          </label>
        ))}
      </fieldset>
      {method === "online" && (
        <div class={`field${refError ? " has-error" : ""}`}>
          <label for="payment-reference">{t("fee.reference")}</label>
          {refError && (
            <p class="field-error" id="payment-reference-error">
              {t("fee.referenceRequired")}
            </p>
          )}
          <input id="payment-reference" value={reference} aria-invalid={refError ? true : undefined} aria-describedby={refError ? "payment-reference-error" : undefined} onInput={(e) => setReference(e.currentTarget.value)} />
        </div>
      )}
      <ErrorBox error={failure} />
      <FormButtons label={t("fee.submit")} busy={busy} onCancel={p.onCancel} />
    </form>
  );
}
