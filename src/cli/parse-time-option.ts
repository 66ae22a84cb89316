import { UsageError } from "../errors.js";
import { parseTimestamp } from "../pipeline/vocabulary.js";

/** A point in time on the command line: ISO 8601 (zone-less means UTC) or epoch s/ms. */
export function parseTime(text: string, flag: string): number {
  const bytes = new TextEncoder().encode(text);
  const ms = parseTimestamp(bytes, 0, bytes.length, (x) => x);
  if (!(ms === ms))
    throw new UsageError(
      `${flag}: "${text}" is not a time`,
      "use ISO 8601 such as 2019-10-15 or 2019-10-15T12:00:00Z, or epoch milliseconds",
    );
  return ms;
}
