// One labelled control of an administrator's form, with the server's complaint about it (if
// any) between the label and the control, tied to it by aria-describedby and aria-invalid.
import type { JSX } from "preact";

export function LabelledField(p: { id: string; label: string; error?: string; control(a: Record<string, unknown>): JSX.Element }) {
  return (
    <div class={`field${p.error ? " has-error" : ""}`}>
      <label for={p.id}>{p.label}</label>
      {p.error && (
        <p class="field-error" id={`${p.id}-error`}>
          {p.error}
        </p>
      )}
      {p.control({ id: p.id, "aria-invalid": p.error ? true : undefined, "aria-describedby": p.error ? `${p.id}-error` : undefined })}
    </div>
  );
}
