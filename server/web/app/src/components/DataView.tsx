// A dossier's data shown with the form's own field titles, in the form's order. Fields the audit
// verification found changed against the record (JSON pointers into the data) are marked in place.
import type { ComponentChildren } from "preact";
import { useI18n, type I18n } from "../i18n/index.js";
import { enumLabel, resolve, type Schema } from "./SchemaForm.js";
import { formatLocalDate } from "../lib/format.js";

export function DataView(p: { schema: Schema | undefined; data: Record<string, unknown>; altered?: ReadonlySet<string> }) {
  const i18n = useI18n();
  if (!p.schema) return <pre class="mono small">{JSON.stringify(p.data, null, 2)}</pre>;
  return <div class="data-view">{renderObject(i18n, p.schema, p.schema, p.data, 2, "", p.altered ?? new Set())}</div>;
}

function renderObject(i18n: I18n, root: Schema, schema: Schema, data: Record<string, unknown>, level: number, at: string, altered: ReadonlySet<string>): ComponentChildren {
  const props = (schema.properties as Record<string, Schema>) ?? {};
  // In the form's order: runs of plain fields as one list, each nested object as its own section.
  const out: ComponentChildren[] = [];
  let run: ComponentChildren[] = [];
  const flush = () => {
    if (run.length) out.push(<dl class="kv">{run}</dl>);
    run = [];
  };
  for (const [k, raw] of Object.entries(props)) {
    const s = resolve(raw, root);
    const v = data[k];
    if (v === undefined) continue;
    const title = i18n.fieldTitle(s, k);
    if (Array.isArray(v) && v.some((x) => x && typeof x === "object")) {
      flush();
      const items = resolve((s.items as Schema) ?? {}, root);
      const H = level === 2 ? "h3" : "h4";
      v.forEach((item, i) =>
        out.push(
          <section class="data-group">
            <H>
              {title} {i + 1}
            </H>
            {renderObject(i18n, root, items, item as Record<string, unknown>, level + 1, `${at}/${k}/${i}`, altered)}
          </section>,
        ),
      );
    } else if (v && typeof v === "object" && !Array.isArray(v)) {
      flush();
      const H = level === 2 ? "h3" : "h4";
      out.push(
        <section class="data-group">
          <H>{title}</H>
          {renderObject(i18n, root, s, v as Record<string, unknown>, level + 1, `${at}/${k}`, altered)}
        </section>,
      );
    } else {
      const changed = altered.has(`${at}/${k}`);
      run.push(
        <>
          <dt>{title}</dt>
          <dd class={changed ? "fail-text" : undefined} data-altered={changed ? "" : undefined}>
            {s.format === "date" && typeof v === "string" ? formatLocalDate(v) : Array.isArray(v) ? v.map((x) => valueText(i18n, x, s)).join(", ") : valueText(i18n, v, s)}
            {changed && <strong> ✗ {i18n.t("audit.altered")}</strong>}
          </dd>
        </>,
      );
    }
  }
  flush();
  return out;
}

export function valueText(i18n: I18n, v: unknown, s?: Schema): string {
  if (v === true) return i18n.t("common.yes");
  if (v === false) return i18n.t("common.no");
  if (typeof v === "string") return s && !Array.isArray(s.enum) && !s["x-enum-titles"] ? v : enumLabel(i18n, s, v);
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
