// An administrator's change that needs a stated reason (deactivating an official, dissolving a
// unit): a button opens a one-field form; the server's refusal of the reason is shown at the
// field with its rule, any other refusal under it.
import { useState } from "preact/hooks";
import { ApiError } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { ErrorBox } from "./ui.js";

export function ReasonAction(p: { id: string; open: string; label: string; confirm: string; send(reason: string): Promise<void> }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const invalid = error instanceof ApiError && error.errors.some((x) => x.pointer === "/reason");
  if (!asking) {
    return (
      <button type="button" class="btn" onClick={() => setAsking(true)}>
        {p.open}
      </button>
    );
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await p.send(reason);
      setAsking(false);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit}>
      <div class={`field${invalid ? " has-error" : ""}`}>
        <label for={p.id}>{p.label}</label>
        {invalid && (
          <p class="field-error" id={`${p.id}-error`}>
            {t("officials.reasonRule")}
          </p>
        )}
        <input id={p.id} value={reason} aria-invalid={invalid || undefined} aria-describedby={invalid ? `${p.id}-error` : undefined} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <div class="btn-row">
        <button type="submit" class="btn btn-primary">
          {p.confirm}
        </button>
        <button type="button" class="btn" onClick={() => setAsking(false)}>
          {t("common.cancel")}
        </button>
      </div>
      {error && !invalid ? <ErrorBox error={error} /> : null}
    </form>
  );
}
