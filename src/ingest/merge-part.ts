import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { Dictionary } from "../data/dictionary.js";
import type { EventColumns } from "../data/event-columns.js";
import type { EventDictionaries } from "../data/event-table.js";
import type { QuarantineRow } from "../io/quarantine.js";
import type { IngestCounters } from "./ingest-counters.js";
import { DICT_NAMES, type PartResult } from "./parse-part.js";

/**
 * Appends a parsed part to the ingest's columns. Parts are merged in file order and each part's
 * dictionary lists its ids in first-seen order, so interning them here gives every id the same code
 * it would get from reading the file in one piece: output does not depend on how the file was cut.
 */
export function mergePart(
  r: PartResult,
  dicts: EventDictionaries,
  cols: EventColumns,
  sourceIndex: number,
  lineBase: number,
  counters: IngestCounters,
): void {
  const remap = Object.fromEntries(DICT_NAMES.map((name) => [name, remapCodes(r.dicts[name], dicts[name])])) as Record<
    (typeof DICT_NAMES)[number],
    Int32Array
  >;
  const at = cols.length;
  cols.ensureCapacity(at + r.length);
  const { user, session, item, category, order } = remap;
  // the columns without codes are copied whole; the codes are mapped row by row
  const n = r.length;
  cols.ts.set(r.ts.subarray(0, n), at);
  cols.kind.set(r.kind.subarray(0, n), at);
  cols.price.set(r.price.subarray(0, n), at);
  cols.quantity.set(r.quantity.subarray(0, n), at);
  cols.source.fill(sourceIndex, at, at + n);
  if (lineBase === 0) cols.line.set(r.line.subarray(0, n), at);
  else for (let i = 0; i < n; i++) cols.line[at + i] = r.line[i] + lineBase;
  for (let i = 0; i < n; i++) {
    const k = at + i;
    cols.user[k] = user[r.user[i]];
    cols.session[k] = r.session[i] >= 0 ? session[r.session[i]] : -1;
    cols.item[k] = item[r.item[i]];
    cols.category[k] = r.category[i] >= 0 ? category[r.category[i]] : -1;
    cols.order[k] = r.order[i] >= 0 ? order[r.order[i]] : -1;
  }
  cols.length = at + r.length;
  counters.read += r.read;
  counters.accepted += r.accepted;
  counters.rejected += r.rejected;
  for (const [reason, n] of r.byReason) counters.byReason.set(reason, (counters.byReason.get(reason) ?? 0) + n);
  r.byKind.forEach((n, k) => (counters.byKind[k] += n));
  for (const [name, n] of r.unknownEvents)
    if (counters.unknownEvents.size < 100 || counters.unknownEvents.has(name))
      counters.unknownEvents.set(name, (counters.unknownEvents.get(name) ?? 0) + n);
}

function remapCodes(local: { bytes: Uint8Array; offsets: Int32Array }, global: Dictionary): Int32Array {
  const n = local.offsets.length - 1;
  const map = new Int32Array(Math.max(n, 0));
  for (let c = 0; c < n; c++) map[c] = global.internBytes(local.bytes, local.offsets[c], local.offsets[c + 1]);
  return map;
}

/** Replays a part's rejected rows (JSON lines) into the quarantine, with absolute line numbers. */
export async function replayRejects(path: string, lineBase: number, sink: (row: QuarantineRow) => void): Promise<void> {
  let stream;
  try {
    stream = createReadStream(path, "utf8");
    await new Promise<void>((resolve, reject) => stream!.once("open", () => resolve()).once("error", reject));
  } catch {
    return; // the part rejected nothing, so it never created the file
  }
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    if (!text) continue;
    const row = JSON.parse(text) as QuarantineRow;
    sink({ ...row, line: row.line + lineBase });
  }
}
