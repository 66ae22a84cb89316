import { inlineText, type Table } from "./report-sections.js";

/**
 * Wide tables on the HTML page fit its width instead of scrolling sideways. Widths are estimated from the text: cells
 * do not wrap (`white-space: nowrap`), so a column is as wide as its longest cell. The estimate is deliberately
 * generous.
 */

/** The page's content width (body `max-width`): a table fits it, and so a window of 1300 px. */
export const TABLE_MAX_PX = 1200;
/** An upper bound of one character's width at the page's 14 px font (digits and Latin text are about 7 to 7.9 px). */
export const CHAR_PX = 8;
/** A cell's left and right padding (0.6rem each) and its border. */
export const CELL_PAD_PX = 20;
/** A column of long text (a spec, a glossary entry) wraps at this width instead of widening the table. */
export const WRAP_PX = 480;

export interface FittedTable {
  table: Table;
  /** Per column: its text wraps at WRAP_PX. */
  wraps: boolean[];
}

/** The estimated width of each column in pixels, wrapping columns at WRAP_PX. */
export function columnWidths(t: Table): number[] {
  return t.columns.map((header, c) => {
    const chars = Math.max(
      [...inlineText(header)].length,
      ...t.rows.map((row) => (row[c] ? [...inlineText(row[c].content)].length : 0)),
    );
    return Math.min(chars * CHAR_PX, WRAP_PX) + CELL_PAD_PX;
  });
}

/**
 * The table as one or more tables no wider than `maxPx`: the key columns (`keyColumns`, e.g. the model) are repeated in
 * each part, and the other columns are packed in order, in groups of `columnGroup` that stay together (a metric and its
 * Δ). A column of long text wraps. A single group wider than the rest of the page gets a part of its own.
 */
export function fitTable(t: Table, maxPx = TABLE_MAX_PX): FittedTable[] {
  const widths = columnWidths(t);
  const wraps = widths.map((w) => w >= WRAP_PX + CELL_PAD_PX);
  const keys = Math.min(t.keyColumns ?? 1, t.columns.length);
  const total = widths.reduce((a, w) => a + w, 0);
  if (total <= maxPx || t.columns.length <= keys + 1) return [{ table: t, wraps }];
  const size = Math.max(1, t.columnGroup ?? 1);
  const keyWidth = widths.slice(0, keys).reduce((a, w) => a + w, 0);
  const parts: number[][] = [];
  let current: number[] = [];
  let width = keyWidth;
  for (let from = keys; from < t.columns.length; from += size) {
    const group = Array.from({ length: Math.min(size, t.columns.length - from) }, (_, i) => from + i);
    const groupWidth = group.reduce((a, c) => a + widths[c], 0);
    if (current.length > 0 && width + groupWidth > maxPx) {
      parts.push(current);
      [current, width] = [[], keyWidth];
    }
    current.push(...group);
    width += groupWidth;
  }
  if (current.length > 0) parts.push(current);
  const keyColumns = Array.from({ length: keys }, (_, i) => i);
  return parts.map((part) => {
    const columns = [...keyColumns, ...part];
    return {
      table: {
        ...t,
        columns: columns.map((c) => t.columns[c]),
        numeric: columns.map((c) => t.numeric[c]),
        rows: t.rows.map((row) => columns.map((c) => row[c] ?? { content: [] })),
      },
      wraps: columns.map((c) => wraps[c]),
    };
  });
}
