import { InputError } from "../errors.js";
import type { IngestCounters } from "./ingest-counters.js";

/**
 * An ingest where every row was rejected writes nothing (exit 2): a 0-event dataset must never replace a good one. The
 * message gives the reasons and the first examples, since no quarantine file is written.
 */
export function noRowsAccepted(counters: IngestCounters, examples: string[], hints: string[] = []): InputError {
  const reasons = [...counters.byReason.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} x${n}`)
    .join(", ");
  const first = examples.slice(0, 3).map((e) => `\n    ${e}`);
  return new InputError(
    "no_rows_accepted",
    `none of the ${counters.read} rows was accepted (${reasons}); nothing was written${first.join("")}`,
    {
      hint:
        hints.length > 0
          ? `${hints.join("; ")}; --out is as it was`
          : "fix the cause the examples name (a column map, --events, --decimal-comma, --date-order); --out is as it was",
    },
  );
}
