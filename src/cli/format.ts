/** Small text helpers for terminal output. */
export const int = (n: number): string => Math.round(n).toLocaleString("en-US");
export const fixed = (n: number, d = 1): string =>
  n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
export const pct = (x: number, d = 1): string => `${fixed(x * 100, d)}%`;
export const mb = (bytes: number): string => `${fixed(bytes / 1e6, 1)} MB`;

/** Left-aligned first column, right-aligned others. */
export function table(rows: (string | number)[][], header?: string[]): string {
  const all = header ? [header, ...rows] : rows;
  const cells = all.map((r) => r.map((c) => (typeof c === "number" ? int(c) : c)));
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
