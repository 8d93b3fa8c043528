// A bar chart of counts over periods, each bar split in two parts (e.g. online and at the
// counter). SVG for the bars; the labels and the legend are HTML so they wrap, scale with the
// text size and are read by a screen reader; the figures themselves are in the tables beside it.
export interface Bar {
  label: string;
  /** The full label, for the tooltip (e.g. the whole date of a day's bar). */
  title: string;
  parts: [number, number];
}

const HEIGHT = 160;

export function BarChart(p: { bars: Bar[]; legend: [string, string]; caption: string; testId?: string }) {
  const max = Math.max(1, ...p.bars.map((b) => b.parts[0] + b.parts[1]));
  const width = Math.max(p.bars.length * 14, 280);
  const step = width / Math.max(p.bars.length, 1);
  const w = Math.max(2, step * 0.7);
  // Label every bar when there are few; else about 12 of them, so they never overlap.
  const every = Math.max(1, Math.ceil(p.bars.length / 12));
  const y = (n: number) => (n / max) * HEIGHT;
  return (
    <figure class="bar-chart" data-testid={p.testId}>
      <figcaption>{p.caption}</figcaption>
      <div class="bar-chart-plot">
        <span class="bar-chart-max" aria-hidden="true">
          {max}
        </span>
        <svg viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={p.caption}>
          {p.bars.map((b, i) => {
            const x = i * step + (step - w) / 2;
            const [a, c] = b.parts;
            return (
              <g>
                <title>{`${b.title}: ${a + c} (${p.legend[0]} ${a}, ${p.legend[1]} ${c})`}</title>
                <rect class="bar-a" x={x} width={w} y={HEIGHT - y(a)} height={y(a)} />
                <rect class="bar-b" x={x} width={w} y={HEIGHT - y(a) - y(c)} height={y(c)} />
              </g>
            );
          })}
        </svg>
      </div>
      <div class="bar-chart-axis" aria-hidden="true">
        {p.bars.map((b, i) => (
          <span style={{ width: `${100 / p.bars.length}%` }}>{i % every === 0 ? b.label : ""}</span>
        ))}
      </div>
      <ul class="bar-chart-legend">
        <li>
          <span class="swatch bar-a" aria-hidden="true" />
          {p.legend[0]}
        </li>
        <li>
          <span class="swatch bar-b" aria-hidden="true" />
          {p.legend[1]}
        </li>
      </ul>
    </figure>
  );
}
