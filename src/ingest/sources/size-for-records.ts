import type { EventDictionaries } from "../../data/event-table.js";
import type { RecordExploder } from "../../io/record-exploder.js";
import { ExploderBase } from "./exploder-base.js";

/**
 * Sizes the dictionaries and the duplicate check for a nested export's `records` (known from its row groups) before
 * they are read: web analytics has about a session per event, a user per four and an order per eight, and a table
 * rehashed on the way costs more than one sized once. Codes do not depend on it.
 */
export function sizeForRecords(dicts: EventDictionaries, exploder: RecordExploder, records: number): void {
  const n = Math.min(records, 1 << 22);
  dicts.user.reserve(n >> 2);
  dicts.session.reserve(n);
  dicts.order.reserve(n >> 3);
  if (exploder instanceof ExploderBase) exploder.expectRecords(n);
}
