import type { MergedBreakdown } from "./report-lookups.js";

/**
 * The report as titled tables, shared by the Markdown and the HTML renderer so both say the same thing.
 * Text is kept in spans: our own wording is "plain"; anything copied from the report is "text" or "code",
 * which each renderer escapes for its own format.
 */
export interface Span {
  text: string;
  kind: "plain" | "text" | "code";
}
export type Inline = Span[];

export interface Cell {
  content: Inline;
  /** A difference to the baseline that the paired bootstrap calls significant. */
  significant?: boolean;
  /** Extra detail for a hover tooltip (HTML only). */
  detail?: string;
}

export interface Table {
  columns: Inline[];
  /** Per column: numeric columns are right-aligned. */
  numeric: boolean[];
  rows: Cell[][];
  /** Rows come in blocks of this many (a breakdown bucket with one row per metric). */
  blockSize?: number;
  /** The leading columns that name a row (repeated in each part when a wide table is split; default 1). */
  keyColumns?: number;
  /** After the key columns, columns come in groups of this many that stay together (a value and its Δ; default 1). */
  columnGroup?: number;
}

export type SectionKind = "models" | "metrics" | "lists" | "otto" | "breakdown" | "cases" | "glossary";

export interface Section {
  kind: SectionKind;
  title: Inline;
  table: Table;
  notes: Inline[];
  /** Set on "breakdown" sections, for the chart. */
  breakdown?: MergedBreakdown;
}
