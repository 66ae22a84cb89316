import { commitTemp, writeTemp } from "./write-atomic.js";
import { removeTemp } from "./temp-files.js";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { refuseFolderAsFile } from "./output-path.js";
import type { EventColumnArrays, EventDictionaries, EventTable } from "../data/event-table.js";
import { EVENTS_FILE, MANIFEST_FILE, ROWS_PER_BATCH, type DatasetManifest } from "./dataset-format.js";
import { EventsFileWriter } from "./events-file-writer.js";

/**
 * Writes events.arrow and manifest.json. Both are written and flushed beside their final names first, then renamed
 * (events, then the manifest): a crash or a full disk never leaves a half-written file, and the manifest records the
 * row count, size and sha256 of its events.arrow, so a reader refuses the events of one ingest under the manifest of
 * another (a kill between the two renames, or a writer that ignored the lock). events.arrow is streamed one record
 * batch at a time: no copy of the whole file is held in memory, and it may pass 2 GiB.
 */
export function writeDataset(dir: string, table: EventTable, manifest: DatasetManifest): { eventsBytes: number } {
  return writeDatasetBatches(dir, table.dicts, batchesOf(table), manifest);
}

/**
 * The same from column batches as they come (each written as record batches of at most ROWS_PER_BATCH rows): a
 * dataset larger than memory can be written from a generator. The manifest's own counts are the caller's (a function
 * is called once the batches are written, for counts known only then); its eventsFile seal is computed here.
 */
export function writeDatasetBatches(
  dir: string,
  dicts: EventDictionaries,
  batches: Iterable<{ columns: EventColumnArrays; length: number }>,
  manifest: DatasetManifest | (() => DatasetManifest),
): { eventsBytes: number } {
  mkdirSync(dir, { recursive: true });
  refuseFolderAsFile(join(dir, EVENTS_FILE));
  const writer = new EventsFileWriter(join(dir, EVENTS_FILE), dicts);
  let empty: EventColumnArrays | null = null;
  try {
    for (const { columns, length } of batches) {
      empty ??= columns;
      for (let from = 0; from < length; from += ROWS_PER_BATCH)
        writer.writeBatch(columns, from, Math.min(length, from + ROWS_PER_BATCH));
    }
  } catch (e) {
    writer.abort();
    throw e;
  }
  const eventsFile = writer.finish(empty ?? emptyColumns());
  const sealed: DatasetManifest = { ...(typeof manifest === "function" ? manifest() : manifest), eventsFile };
  const text = Buffer.from(JSON.stringify(sealed, null, 2) + "\n");
  let meta: string;
  try {
    meta = writeTemp(join(dir, MANIFEST_FILE), text.length, [{ offset: 0, bytes: text }]);
  } catch (e) {
    removeTemp(writer.tmp);
    throw e;
  }
  commitTemp(writer.tmp, join(dir, EVENTS_FILE));
  commitTemp(meta, join(dir, MANIFEST_FILE));
  return { eventsBytes: eventsFile.bytes };
}

export function removeIfExists(path: string): void {
  if (existsSync(path)) rmSync(path);
}

function* batchesOf(t: EventTable): Generator<{ columns: EventColumnArrays; length: number }> {
  yield { columns: t, length: t.length };
}

function emptyColumns(): EventColumnArrays {
  return {
    ts: new Float64Array(0),
    user: new Int32Array(0),
    session: new Int32Array(0),
    item: new Int32Array(0),
    kind: new Uint8Array(0),
    price: new Float64Array(0),
    quantity: new Int32Array(0),
    category: new Int32Array(0),
    order: new Int32Array(0),
  };
}
