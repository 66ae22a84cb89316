import type { SegmentReport } from "../segment-report.js";
import {
  conversionPoint,
  count,
  day,
  lifecycleRows,
  SEGMENT_HEADER,
  segmentRows,
  sizeRows,
} from "./segment-figures.js";

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => String(c).replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** report.md: the same figures as report.json, as tables. */
export function renderSegmentMarkdown(r: SegmentReport): string {
  const c = conversionPoint(r);
  const days = r.params.horizonMs / 86_400_000;
  const out = [
    `# Segments of ${r.dataset}`,
    "",
    `${count(r.users)} users, ${count(r.events)} events from ${day(r.span.from)} to ${day(r.span.to)}; ${r.points.length} point${r.points.length === 1 ? "" : "s"} in time${r.customSegments.length ? `; custom segments: ${r.customSegments.join(", ")}` : ""}.`,
    "",
    `## Segments at ${day(c.at)}`,
    "",
    c.covered
      ? `Purchases and revenue in the ${days} days after ${day(c.at)}. Basis: ${r.basis}.`
      : `The data does not reach ${days} days past any point: no conversion figures.`,
    "",
    table(SEGMENT_HEADER, segmentRows(c.segments)),
  ];
  if (r.points.length > 1) {
    const sizes = sizeRows(r);
    const stages = lifecycleRows(r);
    out.push(
      "",
      "## Segment sizes over time",
      "",
      table(
        ["at", ...sizes.names],
        r.points.map((p, x) => [day(p.at), ...sizes.rows[x].map(count)]),
      ),
      "",
      "## Lifecycle stages over time",
      "",
      table(
        ["at", ...stages.names],
        r.points.map((p, x) => [day(p.at), ...stages.rows[x].map(count)]),
      ),
    );
  }
  if (r.transitions && r.transitions.pairs > 0) {
    const t = r.transitions;
    out.push(
      "",
      `## Lifecycle transitions (${t.lagMs / 86_400_000} days apart, summed over ${t.pairs} pair${t.pairs === 1 ? "" : "s"} of points)`,
      "",
      table(
        ["from \\ to", ...t.states],
        t.states.map((s, x) => [s, ...t.counts[x].map(count)]),
      ),
    );
  }
  if (r.flows && r.points.length > 1) {
    out.push(
      "",
      "## Entries into and exits from each segment (since the previous point)",
      "",
      table(
        ["at", ...r.flows.map((f) => `${f.segment} +/-`)],
        r.points.slice(1).map((p, x) => [day(p.at), ...r.flows!.map((f) => `+${f.entries[x]} / -${f.exits[x]}`)]),
      ),
    );
  }
  return out.join("\n") + "\n";
}
