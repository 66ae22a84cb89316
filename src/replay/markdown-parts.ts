/** The small pieces every replay report.md is written with. */
export const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
/** A share that may be missing (beyond the follow-up): a dash. */
export const pctOrDash = (x: number | null): string => (x === null ? "-" : pct(x));
/** A difference of two shares, in percentage points. */
export const points = (x: number): string => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(2)} pp`;
export const money = (x: number): string =>
  x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const count = (x: number): string => x.toLocaleString("en-US");
const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
export const table = (header: string[], rows: (string | number)[][]): string =>
  [row(header), row(header.map(() => "---")), ...rows.map(row)].join("\n");
