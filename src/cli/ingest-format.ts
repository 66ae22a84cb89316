import type { IngestReport } from "../pipeline/ingest.js";
import { fixed, int, mb } from "./format.js";
import { formatMapping } from "./ingest-mapping-format.js";

/** The ingest report as terminal text. */
export function formatIngest(r: IngestReport): string {
  const d = r.dataset;
  const types = Object.entries(d.eventsByType)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${int(n)}`)
    .join(", ");
  const lines = [
    `${r.appended ? "Appended" : "Ingested"} ${int(r.accepted)} of ${int(r.read)} rows into ${r.out}` +
      (r.rejected ? ` (${int(r.rejected)} rejected -> ${r.quarantine})` : ""),
  ];
  if (r.rejected) {
    lines.push(
      `  rejected by reason: ${Object.entries(r.rejectedByReason)
        .map(([k, n]) => `${k} ${int(n)}`)
        .join(", ")}`,
    );
    for (const e of r.rejectionExamples) lines.push(`    ${e}`);
  }
  lines.push(...formatMapping(r.mapping));
  if (r.duplicatesSkipped > 0) lines.push(`  ${int(r.duplicatesSkipped)} duplicate events skipped`);
  // with an error the hints are its hint; after a clean run they are suggestions
  if (r.hints.length > 0 && r.rejected === r.duplicatesSkipped) for (const h of r.hints) lines.push(`  hint: ${h}`);
  lines.push(
    `  dataset: ${int(d.events)} events (${types}); ${int(d.users)} users, ${int(d.items)} items, ${int(d.sessions)} sessions`,
    `  time span: ${d.timeSpan.from ?? "-"} .. ${d.timeSpan.to ?? "-"} (${fixed(d.timeSpan.days, 2)} days)`,
    `  ${fixed(r.seconds, 2)} s, ${int(r.rowsPerSecond)} rows/s, ${mb(r.sources.reduce((a, s) => a + s.bytes, 0))} read, peak RSS ${int(r.peakRssMB)} MB`,
  );
  return lines.join("\n");
}
