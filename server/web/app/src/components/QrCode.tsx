// A QR code drawn as inline SVG from the module matrix (lib/qr.ts): crisp at any print size,
// announced by its label, never built from a markup string.
import { useMemo } from "preact/hooks";
import { qrModules, qrPath } from "../lib/qr.js";

export function QrCode(p: { text: string; label: string; size?: number }) {
  const modules = useMemo(() => qrModules(p.text), [p.text]);
  const n = modules.length;
  return (
    <svg class="qr" role="img" aria-label={p.label} width={p.size ?? 132} height={p.size ?? 132} viewBox={`0 0 ${n} ${n}`} shape-rendering="crispEdges" data-modules={n}>
      <rect width={n} height={n} fill="#fff" />
      <path d={qrPath(modules)} fill="#000" />
    </svg>
  );
}
