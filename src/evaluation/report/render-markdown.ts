import type { EvalReport } from "../eval-report.js";
import {
  reportDocument,
  type Inline,
  type ReportDocument,
  type Section,
  type Span,
  type Table,
} from "./report-sections.js";

/** report.md: the evaluation as readable in a text editor as rendered (columns padded to align). */
export function renderMarkdown(r: EvalReport): string {
  const doc = reportDocument(r);
  const blocks = [`# ${inline(doc.title, false)}`, factList(doc.facts), ...doc.sections.map(section)];
  return blocks.join("\n\n") + "\n";
}

function factList(facts: ReportDocument["facts"]): string {
  return facts.map((f) => `- **${f.label}:** ${inline(f.value, false)}`).join("\n");
}

function section(s: Section): string {
  return [`## ${inline(s.title, false)}`, table(s.table), ...s.notes.map((n) => inline(n, false))].join("\n\n");
}

function table(t: Table): string {
  const header = t.columns.map((c) => inline(c, true));
  const body = t.rows.map((row) => row.map((c) => inline(c.content, true)));
  const widths = header.map((h, c) => Math.max(3, h.length, ...body.map((row) => (row[c] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => (t.numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (t.numeric[c] ? ` ${"-".repeat(w - 1)}: ` : ` ${"-".repeat(w)} `)).join("|")}|`;
  return [line(header), rule, ...body.map(line)].join("\n");
}

function inline(spans: Inline, inTable: boolean): string {
  return spans.map((s) => span(s, inTable)).join("");
}

function span(s: Span, inTable: boolean): string {
  const oneLine = s.text.replace(/\s*[\r\n]+\s*/g, " ");
  if (s.kind === "plain") return oneLine;
  if (s.kind === "code") return codeSpan(oneLine, inTable);
  return escapeText(oneLine, inTable);
}

/** Report text that Markdown would read as emphasis, links, HTML or entities is backslash-escaped. */
function escapeText(text: string, inTable: boolean): string {
  const escaped = text.replace(/[\\`*_[\]<>&~]/g, "\\$&");
  return inTable ? escaped.replace(/\|/g, "\\|") : escaped;
}

/**
 * Names, specs and paths go in code spans, so they read literally (e.g. "covis[normalise=cosine]:0.7").
 * The fence is longer than any backtick run inside; in a table a pipe must still be escaped, even in code.
 */
function codeSpan(text: string, inTable: boolean): string {
  if (text === "") return "";
  const body = inTable ? text.replace(/\|/g, "\\|") : text;
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad =
    body.startsWith("`") || body.endsWith("`") || (body.startsWith(" ") && body.endsWith(" ") && body.trim() !== "")
      ? " "
      : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}
