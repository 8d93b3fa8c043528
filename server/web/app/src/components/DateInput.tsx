// A date typed as dd/mm/yyyy whatever the browser's locale: a native date input shows mm/dd/yyyy
// in an English browser while the rest of the console (and every Vietnamese paper) says
// dd/mm/yyyy. The value handed back is ISO (yyyy-mm-dd) once the text is a real date, the text
// itself while it is not (so the server names the field and the rule), undefined when empty.
import { useEffect, useState } from "preact/hooks";
import { formatLocalDate } from "../lib/format.js";

/** dd/mm/yyyy (also d/m/yyyy, with - or .) to yyyy-mm-dd, or undefined when it is no calendar date. */
export function parseLocalDate(text: string): string | undefined {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!m) return undefined;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${m[3]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The input's other attributes (id, aria-*, required) pass through as given. */
type Props = { value: string; onValue(v: string | undefined): void; [attribute: string]: unknown };

export function DateInput({ value, onValue, ...rest }: Props) {
  const [text, setText] = useState(() => formatLocalDate(value));
  // A value set from outside (a reset form, a loaded draft) replaces what is shown.
  useEffect(() => {
    if ((parseLocalDate(text) ?? text) !== value) setText(formatLocalDate(value));
  }, [value]);
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      placeholder="dd/mm/yyyy"
      autoComplete="off"
      value={text}
      onInput={(e) => {
        const t = e.currentTarget.value;
        setText(t);
        onValue(t.trim() === "" ? undefined : (parseLocalDate(t) ?? t));
      }}
    />
  );
}
