import type { IngestMapping } from "../pipeline/ingest-types.js";
import { int } from "./format.js";

/** "1.2M", "300k", "12": short counts for lists of names. */
function short(n: number): string {
  if (n >= 1e6) return `${Number((n / 1e6).toFixed(1))}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  return int(n);
}

/** The report's mapping as terminal lines: fields per input, where sessions came from, event names, what was unused. */
export function formatMapping(m: IngestMapping): string[] {
  const lines: string[] = [];
  const gapMin = Math.round(m.sessionGapMs / 60_000);
  for (const s of m.sources) {
    const fields = Object.entries(s.fields).map(([f, c]) => `${c} -> ${f}`);
    lines.push(`  mapping of ${s.file}: ${fields.join(", ")}`);
    lines.push(
      s.sessions === "data"
        ? `    sessions: from the data (${s.fields.session}); rows without one: ${gapMin} min inactivity gap`
        : `    sessions: derived, new after ${gapMin} min of inactivity`,
    );
    if (s.unused.length > 0)
      lines.push(
        `    unused: ${s.unused.slice(0, 12).join(", ")}${s.unused.length > 12 ? `, ... (${s.unused.length})` : ""}`,
      );
    if (s.records)
      lines.push(
        `    records: ${Object.entries(s.records)
          .map(([k, n]) => `${k} ${int(n)}`)
          .join(", ")}`,
      );
  }
  if (m.eventNames.length + m.leftOutEventNames.length > 0) {
    const left = m.leftOutEventNames;
    lines.push(
      `  ${m.eventNames.length} event names mapped (${m.eventNames
        .slice(0, 8)
        .map((e) => `${e.name} -> ${e.type}`)
        .join(", ")})` +
        (left.length > 0
          ? `, ${left.length} left out (${left
              .slice(0, 6)
              .map((e) => `${e.name} ${short(e.rows)}`)
              .join(", ")}${left.length > 6 ? ", ..." : ""}; ${int(m.leftOutRows)} rows)`
          : ""),
    );
  }
  if (m.derivedSessions > 0) lines.push(`  ${int(m.derivedSessions)} sessions derived from inactivity gaps`);
  return lines;
}
