// A procedure as a diagram: states coloured by the role whose queue holds them, actions coloured by
// the role that takes them, signature checkpoints marked ✍, final states with a double border.
// The SVG is described for screen readers, and the table below it carries the same information.
import { useMemo } from "preact/hooks";
import { useI18n } from "../i18n/index.js";
import type { Procedure } from "../lib/types.js";
import { START, layoutProcedure } from "../lib/diagram-layout.js";
import { shortRole } from "../lib/format.js";
import { signerRoles } from "../../../../../engine/signers.js";
import { DataTable } from "./ui.js";

// Text colours with at least 4.5:1 contrast on white and on their own 10% tint.
const PALETTE = ["#1d4ed8", "#047857", "#7c3aed", "#b45309", "#be123c", "#0e7490", "#4d7c0f", "#a21caf"];
const SYSTEM = "#4b5563";

export function roleColors(def: Procedure): Map<string, string> {
  const m = new Map<string, string>();
  def.roles.forEach((r, i) => m.set(r.id, PALETTE[i % PALETTE.length]!));
  m.set("system", SYSTEM);
  return m;
}

let canvas: HTMLCanvasElement | undefined;
const FONTS = { title: "600 13px", role: "600 10.5px", label: "500 12px" };
function measure(text: string, kind: keyof typeof FONTS): number {
  canvas ??= document.createElement("canvas");
  const ctx = canvas.getContext("2d")!;
  ctx.font = `${FONTS[kind]} "Noto Sans", "Segoe UI", Roboto, Arial, sans-serif`;
  return ctx.measureText(text).width;
}

/** Smooth path through dagre's control points. */
function pathOf(pts: Array<{ x: number; y: number }>): string {
  if (pts.length === 0) return "";
  let d = `M${pts[0]!.x},${pts[0]!.y}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const p = pts[i]!;
    const n = pts[i + 1]!;
    d += ` Q${p.x},${p.y} ${(p.x + n.x) / 2},${(p.y + n.y) / 2}`;
  }
  const last = pts[pts.length - 1]!;
  return d + ` L${last.x},${last.y}`;
}

export function Diagram(p: { def: Procedure }) {
  const { t, loc } = useI18n();
  const def = p.def;
  const layout = useMemo(() => layoutProcedure(def, loc, measure), [def, loc]);
  const colors = roleColors(def);
  const roleTitle = (r: string) => (r === "system" ? t("role.system") : loc(def.roles.find((x) => x.id === r)?.title) || r);
  const actionColor = (roles: string[]) => colors.get(roles.find((r) => r !== "system") ?? "system") ?? SYSTEM;
  const usedColors = [...new Set([...def.actions.map((a) => actionColor(a.roles)), ...Object.values(def.states).map((s) => (s.owner ? colors.get(s.owner) : undefined))])];

  return (
    <figure class="diagram" data-testid="diagram">
      <div class="diagram-scroll">
        <svg
          viewBox={`0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`}
          width={Math.ceil(layout.width)}
          height={Math.ceil(layout.height)}
          role="img"
          aria-labelledby="diagram-title diagram-desc"
          class="diagram-svg"
        >
          <title id="diagram-title">{t("diagram.title", { name: loc(def.title) })}</title>
          <desc id="diagram-desc">{t("diagram.desc", { states: Object.keys(def.states).length, actions: def.actions.length })}</desc>
          <defs>
            {usedColors.filter(Boolean).map((c) => (
              <marker id={`arrow-${c!.slice(1)}`} viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" fill={c} />
              </marker>
            ))}
            <marker id="arrow-start" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto">
              <path d="M0,0 L10,5 L0,10 z" fill="#111827" />
            </marker>
          </defs>
          <g class="edges">
            {layout.edges.map((e) => {
              if (e.from === START) return <path d={pathOf(e.points)} fill="none" stroke="#111827" stroke-width="1.5" marker-end="url(#arrow-start)" />;
              const a = def.actions[e.actionIndex]!;
              const c = actionColor(a.roles);
              const system = a.roles.every((r) => r === "system");
              return (
                <path
                  d={pathOf(e.points)}
                  fill="none"
                  stroke={c}
                  stroke-width={a.signature ? 2.6 : 1.5}
                  stroke-dasharray={system ? "5 4" : undefined}
                  marker-end={`url(#arrow-${c.slice(1)})`}
                  data-action={a.id}
                />
              );
            })}
          </g>
          {layout.start && <circle cx={layout.start.x} cy={layout.start.y} r="7" fill="#111827" />}
          <g class="nodes">
            {layout.nodes.map((n) => {
              const s = def.states[n.id]!;
              const c = s.owner ? colors.get(s.owner) ?? SYSTEM : "#374151";
              const x = n.x - n.width / 2;
              const y = n.y - n.height / 2;
              const final = s.kind === "final";
              return (
                <g data-state={n.id} class={`node node-${s.kind}`}>
                  <rect x={x} y={y} width={n.width} height={n.height} rx={final ? 14 : 6} fill={final ? "#f3f4f6" : c} fill-opacity={final ? 1 : 0.09} stroke={c} stroke-width={s.kind === "signature" ? 2.6 : 1.5} />
                  {final && <rect x={x + 3} y={y + 3} width={n.width - 6} height={n.height - 6} rx={11} fill="none" stroke={c} stroke-width="1" />}
                  {n.lines.map((l, i) => (
                    <text x={n.x} y={y + 19 + i * 17} text-anchor="middle" class="node-title" fill="#111827">
                      {i === 0 && s.kind === "signature" ? `✍ ${l}` : l}
                    </text>
                  ))}
                  {s.owner && (
                    <text x={n.x} y={y + n.height - 9} text-anchor="middle" class="node-role" fill={c}>
                      {shortRole(roleTitle(s.owner))}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
          <g class="labels">
            {layout.edges
              .filter((e) => e.from !== START)
              .map((e) => {
                const a = def.actions[e.actionIndex]!;
                const c = actionColor(a.roles);
                return (
                  <g>
                    <rect x={e.label.x - e.label.width / 2} y={e.label.y - e.label.height / 2} width={e.label.width} height={e.label.height} rx="3" fill="#fff" stroke={a.signature ? c : "none"} />
                    <text x={e.label.x} y={e.label.y + 4} text-anchor="middle" class={`edge-label${a.signature ? " edge-sign" : ""}`} fill={c}>
                      {e.label.text}
                    </text>
                  </g>
                );
              })}
          </g>
        </svg>
      </div>
      <figcaption class="legend">
        <strong>{t("diagram.legend")}:</strong>
        {[...def.roles.map((r) => r.id), ...(def.actions.some((a) => a.roles.includes("system")) ? ["system"] : [])].map((r) => (
          <span class="legend-item">
            <span class="swatch" style={{ background: colors.get(r) }} aria-hidden="true" />
            {roleTitle(r)}
          </span>
        ))}
        <span class="legend-item">✍ {t("diagram.signature")}</span>
        <span class="legend-item">
          <span class="swatch swatch-final" aria-hidden="true" />
          {t("diagram.final")}
        </span>
      </figcaption>
    </figure>
  );
}

/** The same graph as a table: the accessible reading of the diagram, and a checklist for reviewers. */
export function TransitionsTable(p: { def: Procedure }) {
  const { t, loc } = useI18n();
  const def = p.def;
  const st = (id: string) => loc(def.states[id]?.title) || id;
  const roleTitle = (r: string) => (r === "system" ? t("role.system") : loc(def.roles.find((x) => x.id === r)?.title) || r);
  return (
    <DataTable columns={[t("diagram.action"), t("diagram.from"), t("diagram.to"), t("diagram.roles"), t("diagram.checkpoint")]} caption={t("diagram.tableCaption")} captionVisible compact wrap={false}>
      {def.actions.map((a) => (
        <tr>
          <td>
            {loc(a.title)} <span class="mono muted small">{a.id}</span>
          </td>
          <td>{a.from.map(st).join(", ")}</td>
          <td>{st(a.to)}</td>
          <td>{a.roles.map(roleTitle).join(", ")}</td>
          <td>{a.signature ? `✍ ${signerRoles(a.signature).map(roleTitle).join(" / ")}` : ""}</td>
        </tr>
      ))}
    </DataTable>
  );
}
