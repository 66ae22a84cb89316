import { conversionPoint, SEGMENT_HEADER, segmentRows, type SegmentReport } from "../pipeline/vocabulary.js";
import { int, table } from "./format.js";

/** The terminal report: the segments at the last point (with their conversion), then the timeline's flows. */
export function formatSegmentReport(r: SegmentReport): string {
  const c = conversionPoint(r);
  const days = r.params.horizonMs / 86_400_000;
  const lines = [
    `${r.dataset}: ${int(r.users)} users, ${int(r.events)} events (${r.span.from} to ${r.span.to}), ${r.points.length} point(s) in time in ${r.seconds} s`,
    "",
    `Segments at ${c.at}${c.covered ? ` (purchases and revenue in the next ${days} days; observational)` : ` (the data does not reach ${days} days past it: no conversion figures)`}:`,
    table(segmentRows(c.segments.filter((s) => s.users > 0)), SEGMENT_HEADER),
  ];
  const t = r.transitions;
  if (t && t.pairs > 0)
    lines.push(
      "",
      `Lifecycle transitions ${t.lagMs / 86_400_000} days apart (${t.pairs} pair(s) of points):`,
      table(
        t.states.map((s, x) => [s, ...t.counts[x]]),
        ["from \\ to", ...t.states],
      ),
    );
  if (r.flows && r.points.length > 1)
    lines.push(
      "",
      "Entries / exits over the timeline:",
      table(
        r.flows.map((f) => [
          f.segment,
          `+${f.entries.reduce((a, b) => a + b, 0)}`,
          `-${f.exits.reduce((a, b) => a + b, 0)}`,
        ]),
        ["segment", "entries", "exits"],
      ),
    );
  for (const [k, v] of Object.entries({ out: r.out, ...(r.report ?? {}) })) if (v) lines.push(`  ${k}: ${v}`);
  return lines.join("\n");
}
