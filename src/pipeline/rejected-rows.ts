import { CartliftError, EXIT } from "../errors.js";
import type { IngestReport } from "./ingest-types.js";

/**
 * The error for an ingest that rejected more than `maxShare` of its rows (the dataset is written without them), or
 * null. Duplicates of events already in the dataset (a re-delivered file) are skipped, not counted. A hint that keeps
 * the rows (an --events mapping, --decimal-comma) comes before one that drops them.
 */
export function tooManyRejected(report: IngestReport, maxShare: number): CartliftError | null {
  const counted = report.rejected - report.duplicatesSkipped;
  const share = report.read > 0 ? counted / report.read : 0;
  if (!(counted > 0 && share > maxShare)) return null;
  const shown = (share * 100).toFixed(share < 0.001 ? 4 : 2);
  return new CartliftError(
    "rejected_rows",
    `${counted.toLocaleString("en-US")} of ${report.read.toLocaleString("en-US")} rows (${shown}%) were rejected; ` +
      `the dataset was written without them and they are in ${report.quarantine}`,
    report.hints.length > 0
      ? report.hints.join("; ")
      : `fix the input, or accept up to this share with --max-rejected ${Math.ceil(share * 10000) / 10000}`,
    EXIT.rejectedRows,
  );
}
