/** Inline SVG charts of the replay reports: self-contained, no script, colours safe for colour-blind readers. */
const COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`);
}

const n = (x: number) => (Math.round(x * 10) / 10).toString();

/** One bar: its value and interval (shares, 0-1). */
export interface IntervalBar {
  value: number;
  low?: number;
  high?: number;
}

/** Bars per series within each group (shares 0-1, from zero), with interval whiskers and a legend. */
export function barChart(title: string, groups: string[], series: { name: string; bars: IntervalBar[] }[]): string {
  const width = 560;
  const left = 50;
  const top = 30;
  const plotH = 180;
  const plotW = width - left - 16;
  const max = Math.max(0.01, ...series.flatMap((s) => s.bars.map((b) => b.high ?? b.value)));
  const yMax = niceCeil(max);
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const slot = plotW / Math.max(1, groups.length);
  const barW = Math.max(4, (slot * 0.8) / Math.max(1, series.length));
  const parts: string[] = [`<text x="${left}" y="18" font-weight="bold">${escapeXml(title)}</text>`];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    parts.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${n(y(v))}" y2="${n(y(v))}" stroke="#ddd"/>`,
      `<text x="${left - 4}" y="${n(y(v) + 4)}" text-anchor="end">${(v * 100).toFixed(v * 100 < 10 && v > 0 ? 1 : 0)}%</text>`,
    );
  }
  groups.forEach((g, gi) => {
    const x0 = left + gi * slot + slot * 0.1;
    parts.push(
      `<text x="${n(left + (gi + 0.5) * slot)}" y="${top + plotH + 16}" text-anchor="middle">${escapeXml(g)}</text>`,
    );
    series.forEach((s, si) => {
      const b = s.bars[gi];
      if (!b) return;
      const x = x0 + si * barW;
      parts.push(
        `<rect x="${n(x)}" y="${n(y(b.value))}" width="${n(barW - 1)}" height="${n(top + plotH - y(b.value))}" fill="${COLORS[si % COLORS.length]}"><title>${escapeXml(`${s.name}, ${g}: ${(b.value * 100).toFixed(2)}%`)}</title></rect>`,
      );
      if (b.low !== undefined && b.high !== undefined)
        parts.push(
          `<line x1="${n(x + barW / 2)}" x2="${n(x + barW / 2)}" y1="${n(y(b.low))}" y2="${n(y(b.high))}" stroke="#333"/>`,
        );
    });
  });
  const legendTop = top + plotH + 34;
  series.forEach((s, si) =>
    parts.push(
      `<rect x="${left}" y="${legendTop + si * 16 - 9}" width="10" height="10" fill="${COLORS[si % COLORS.length]}"/>`,
      `<text x="${left + 16}" y="${legendTop + si * 16}">${escapeXml(s.name)}</text>`,
    ),
  );
  return svg(width, legendTop + series.length * 16 + 6, title, parts);
}

/** Step curves of shares over hours (0-1, null points skipped), with interval bands, on a square-root time axis. */
export function curveChart(
  title: string,
  curves: {
    name: string;
    points: { hours: number; share: number | null; low: number | null; high: number | null }[];
  }[],
): string {
  const width = 560;
  const left = 50;
  const top = 30;
  const plotH = 200;
  const plotW = width - left - 16;
  const maxH = Math.max(1, ...curves.flatMap((c) => c.points.filter((p) => p.share !== null).map((p) => p.hours)));
  const x = (h: number) => left + (Math.sqrt(h) / Math.sqrt(maxH)) * plotW;
  const y = (v: number) => top + plotH - v * plotH;
  const parts: string[] = [`<text x="${left}" y="18" font-weight="bold">${escapeXml(title)}</text>`];
  for (let i = 0; i <= 4; i++)
    parts.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${n(y(i / 4))}" y2="${n(y(i / 4))}" stroke="#ddd"/>`,
      `<text x="${left - 4}" y="${n(y(i / 4) + 4)}" text-anchor="end">${i * 25}%</text>`,
    );
  for (const h of [1, 4, 24, 72, 168, 336].filter((h) => h <= maxH))
    parts.push(
      `<line x1="${n(x(h))}" x2="${n(x(h))}" y1="${top}" y2="${top + plotH}" stroke="#eee"/>`,
      `<text x="${n(x(h))}" y="${top + plotH + 14}" text-anchor="middle">${h < 48 ? `${h}h` : `${h / 24}d`}</text>`,
    );
  curves.forEach((c, ci) => {
    const pts = c.points.filter((p) => p.share !== null);
    if (pts.length === 0) return;
    const color = COLORS[ci % COLORS.length];
    const step = pts
      .map((p, i) => (i === 0 ? `M${n(x(p.hours))},${n(y(p.share!))}` : `H${n(x(p.hours))}V${n(y(p.share!))}`))
      .join("");
    const band = [
      ...pts.map((p) => `${n(x(p.hours))},${n(y(p.high ?? 0))}`),
      ...[...pts].reverse().map((p) => `${n(x(p.hours))},${n(y(p.low ?? 0))}`),
    ];
    parts.push(
      `<polygon points="${band.join(" ")}" fill="${color}" fill-opacity="0.15"/>`,
      `<path d="${step}" fill="none" stroke="${color}" stroke-width="2"><title>${escapeXml(c.name)}</title></path>`,
    );
  });
  const legendTop = top + plotH + 32;
  curves.forEach((c, ci) =>
    parts.push(
      `<rect x="${left}" y="${legendTop + ci * 16 - 9}" width="10" height="10" fill="${COLORS[ci % COLORS.length]}"/>`,
      `<text x="${left + 16}" y="${legendTop + ci * 16}">${escapeXml(c.name)}</text>`,
    ),
  );
  return svg(width, legendTop + curves.length * 16 + 6, title, parts);
}

function svg(width: number, height: number, title: string, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">${parts.join("")}</svg>`;
}

function niceCeil(x: number): number {
  const step = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= x) return m * step;
  return 10 * step;
}
