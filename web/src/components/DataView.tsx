// A dossier's data shown with the form's own field titles, in the form's order.
import type { ComponentChildren } from "preact";
import { useI18n, type I18n } from "../i18n/index.js";
import { resolve, type Schema } from "./SchemaForm.js";

export function DataView(p: { schema: Schema | undefined; data: Record<string, unknown> }) {
  const i18n = useI18n();
  if (!p.schema) return <pre class="mono small">{JSON.stringify(p.data, null, 2)}</pre>;
  return <div class="data-view">{renderObject(i18n, p.schema, p.schema, p.data, 2)}</div>;
}

function renderObject(i18n: I18n, root: Schema, schema: Schema, data: Record<string, unknown>, level: number): ComponentChildren {
  const props = (schema.properties as Record<string, Schema>) ?? {};
  const leaves: ComponentChildren[] = [];
  const groups: ComponentChildren[] = [];
  for (const [k, raw] of Object.entries(props)) {
    const s = resolve(raw, root);
    const v = data[k];
    if (v === undefined) continue;
    const title = i18n.fieldTitle(s, k);
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const H = level === 2 ? "h3" : "h4";
      groups.push(
        <section class="data-group">
          <H>{title}</H>
          {renderObject(i18n, root, s, v as Record<string, unknown>, level + 1)}
        </section>,
      );
    } else {
      leaves.push(
        <>
          <dt>{title}</dt>
          <dd>{valueText(i18n, v)}</dd>
        </>,
      );
    }
  }
  return (
    <>
      {leaves.length > 0 && <dl class="kv">{leaves}</dl>}
      {groups}
    </>
  );
}

export function valueText(i18n: I18n, v: unknown): string {
  if (v === true) return i18n.t("common.yes");
  if (v === false) return i18n.t("common.no");
  if (typeof v === "string") return i18n.maybe(`enum.${v}`) ?? v;
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
