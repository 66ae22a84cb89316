import { escapeXml } from "./report-svg.js";

/**
 * A self-contained report.html: the report's markdown (as the replay writes it: headings, tables, lists, quotes and
 * paragraphs) turned into HTML, with the inline SVG charts after the header. No script, no external file.
 */
export function reportHtml(title: string, markdown: string, charts: readonly string[]): string {
  const blocks = markdown.trimEnd().split(/\n{2,}/);
  const body: string[] = [];
  blocks.forEach((block, i) => {
    body.push(blockHtml(block));
    // the charts come after the header (title, period, policies, warnings): before the first section
    if (i + 1 < blocks.length && blocks[i + 1].startsWith("## ") && !body.includes("<!--charts-->")) {
      body.push("<!--charts-->", `<section class="charts">${charts.join("\n")}</section>`);
    }
  });
  if (!body.includes("<!--charts-->")) body.push(`<section class="charts">${charts.join("\n")}</section>`);
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeXml(title)}</title>`,
    "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}" +
      "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}" +
      "th{background:#f4f4f4}blockquote{border-left:4px solid #E69F00;margin:0.5em 0;padding:0.2em 1em;background:#fff8e8}" +
      ".charts svg{margin:0.5em 1em 0.5em 0}code{background:#f4f4f4;padding:0 3px}</style>",
    "</head><body>",
    ...body.filter((b) => b !== "<!--charts-->"),
    "</body></html>",
    "",
  ].join("\n");
}

function blockHtml(block: string): string {
  const lines = block.split("\n");
  if (lines[0].startsWith("## ")) {
    const [head, ...rest] = lines;
    return `<h2>${inline(head.slice(3))}</h2>` + (rest.length ? blockHtml(rest.join("\n")) : "");
  }
  if (lines[0].startsWith("# ")) return `<h1>${inline(lines[0].slice(2))}</h1>`;
  if (lines[0].startsWith("| ")) return tableHtml(lines);
  if (lines.every((l) => l.startsWith("- ")))
    return `<ul>${lines.map((l) => `<li>${inline(l.slice(2))}</li>`).join("")}</ul>`;
  if (lines.every((l) => l.startsWith("> ")))
    return `<blockquote>${lines.map((l) => inline(l.slice(2))).join("<br>")}</blockquote>`;
  return `<p>${lines.map(inline).join("<br>")}</p>`;
}

function tableHtml(lines: string[]): string {
  const cells = (l: string) => l.slice(2, -2).split(" | ");
  const [head, , ...rows] = lines;
  return (
    "<table><thead><tr>" +
    cells(head)
      .map((c) => `<th>${inline(c)}</th>`)
      .join("") +
    "</tr></thead><tbody>" +
    rows
      .map(
        (r) =>
          `<tr>${cells(r)
            .map((c) => `<td>${inline(c)}</td>`)
            .join("")}</tr>`,
      )
      .join("") +
    "</tbody></table>"
  );
}

function inline(text: string): string {
  return escapeXml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
}
