import { stat } from "node:fs/promises";
import { InputError } from "../errors.js";
import { displayBytes } from "./display-bytes.js";
import { deeperThan, MAX_JSON_DEPTH } from "./json-depth.js";
import type { RecordProblem, RecordSource } from "./raw-batch.js";
import { JsonlBatch, type Scalar } from "./jsonl-batch.js";
import type { LineScanner, RecordExploder } from "./record-exploder.js";
import { RecordRowsBatch } from "./record-rows-batch.js";
import { byteLines } from "./jsonl-byte-lines.js";

/**
 * JSON Lines: one event per line, or one session per line with a nested array of events (OTTO:
 * {"session": 1, "events": [{"aid": 5, "ts": ..., "type": "clicks"}]}). Nested lines are flattened:
 * each event becomes a record carrying the line's scalar fields. Columns come from the first line.
 */
const BATCH_RECORDS = 16_384;
const decoder = new TextDecoder("utf-8", { fatal: true });

interface Layout {
  outer: string[];
  nestedKey: string | null;
  inner: string[];
}

/** With an exploder (the GA4, Segment and Snowplow presets), each record becomes the exploder's rows. */
export async function openJsonl(file: string, exploder?: RecordExploder): Promise<RecordSource> {
  const size = (await stat(file)).size;
  const layout = await detectLayout(file);
  if (exploder) exploder.check(file, await sampleRecords(file));
  const columns = exploder ? exploder.columns : [...layout.outer, ...layout.inner];
  let bytes = 0;
  const scanner = exploder?.lineScanner?.();
  const onBytes = (n: number) => (bytes = n);
  return {
    file,
    format: "jsonl",
    columns,
    totalBytes: size,
    bytesRead: () => bytes,
    batches: () =>
      exploder && scanner
        ? scannedBatches(file, exploder, scanner, onBytes)
        : lineBatches(file, columns, layout, exploder, onBytes),
    counts: exploder && (() => exploder.counts()),
    unusedFields: exploder && (() => exploder.unusedFields()),
  };
}

/** The lines read with JSON.parse, each kept as a record or exploded into rows. */
async function* lineBatches(
  file: string,
  columns: string[],
  layout: Layout,
  exploder: RecordExploder | undefined,
  onBytes: (n: number) => void,
): AsyncGenerator<JsonlBatch> {
  let batch = new JsonlBatch(columns);
  for await (const { text, line, error } of lines(file, onBytes)) {
    if (error) batch.addProblem(line, text, error);
    else if (exploder) addExploded(batch, exploder, text, line);
    else addLine(batch, layout, text, line);
    if (batch.length >= BATCH_RECORDS) {
      yield batch;
      batch = new JsonlBatch(columns);
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * The lines of an exploder that has a byte scanner: each line is read by the scanner, or, where it cannot read it with
 * certainty, by JSON.parse and the exploder (the same rows either way).
 */
async function* scannedBatches(
  file: string,
  exploder: RecordExploder,
  scanner: LineScanner,
  onBytes: (n: number) => void,
): AsyncGenerator<RecordRowsBatch> {
  let batch = new RecordRowsBatch(scanner.perRecord, BATCH_RECORDS);
  const rows: Scalar[][] = [];
  const emit = (row: Scalar[]) => void rows.push(row);
  for await (const { bytes, line } of byteLines(file, onBytes)) {
    if (!scanner.scan(bytes, 0, bytes.length, line, batch)) {
      const read = textOf(bytes, line);
      if (read?.error) batch.addProblem(line, read.text, read.error);
      else if (read) {
        const o = parseObject(batch, read.text, line);
        if (o !== null) {
          rows.length = 0;
          const problem = exploder.explode(o, emit);
          if (typeof problem === "object" && problem !== null) batch.addProblem(line, read.text, problem);
          else batch.addRows(line, read.text, rows);
        }
      }
    }
    if (batch.length >= BATCH_RECORDS) {
      yield batch.finish();
      batch = new RecordRowsBatch(scanner.perRecord, BATCH_RECORDS);
    }
  }
  if (batch.length > 0) yield batch.finish();
}

function addExploded(batch: JsonlBatch, exploder: RecordExploder, text: string, line: number): void {
  const o = parseObject(batch, text, line);
  if (o === null) return;
  const raw = () => text;
  const problem = exploder.explode(o, (row) => batch.add(line, row, raw));
  if (typeof problem === "object" && problem !== null) batch.addProblem(line, text, problem);
}

function parseObject(
  batch: { addProblem(line: number, text: string, problem: RecordProblem): void },
  text: string,
  line: number,
): Record<string, unknown> | null {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    batch.addProblem(line, text, {
      reason: "bad_json",
      column: "(line)",
      detail: `not valid JSON (${(e as Error).message})`,
    });
    return null;
  }
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    batch.addProblem(line, text, { reason: "bad_json", column: "(line)", detail: "a line must be a JSON object" });
    return null;
  }
  const o = obj as Record<string, unknown>;
  if (hasNested(o) && deeperThan(o)) {
    batch.addProblem(line, text, {
      reason: "bad_json",
      column: "(line)",
      detail: `nested deeper than ${MAX_JSON_DEPTH} levels`,
    });
    return null;
  }
  return o;
}

/** The first records of a file that parse as JSON objects (for an exploder's check and a preset's sniffing). */
export async function sampleRecords(file: string, n = 200): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const { text, error } of lines(file, () => {})) {
    if (error) continue;
    try {
      const o: unknown = JSON.parse(text);
      if (o !== null && typeof o === "object" && !Array.isArray(o)) out.push(o as Record<string, unknown>);
    } catch {
      // a bad line is reported when the file is read
    }
    if (out.length >= n) break;
  }
  return out;
}

function addLine(batch: JsonlBatch, layout: Layout, text: string, line: number): void {
  const o = parseObject(batch, text, line);
  if (o === null) return;
  const outer = layout.outer.map((k) => scalar(o[k]));
  if (layout.nestedKey === null) {
    batch.add(line, outer, () => text);
    return;
  }
  const events = o[layout.nestedKey];
  if (!Array.isArray(events)) {
    batch.addProblem(line, text, {
      reason: "bad_json",
      column: layout.nestedKey,
      detail: `"${layout.nestedKey}" is not an array`,
    });
    return;
  }
  for (const ev of events) {
    const e = (ev ?? {}) as Record<string, unknown>;
    batch.add(line, [...outer, ...layout.inner.map((k) => scalar(e[k]))], () =>
      JSON.stringify({ ...pick(o, layout.outer), ...e }),
    );
  }
}

/** Whether any field of the record is an array or object (flat records skip the depth walk). */
function hasNested(o: Record<string, unknown>): boolean {
  for (const k in o) {
    const v = o[k];
    if (v !== null && typeof v === "object") return true;
  }
  return false;
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

function scalar(v: unknown): Scalar {
  if (v === undefined || v === null) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return JSON.stringify(v);
}

/** Reads the first non-blank line to find the columns (and whether events are nested). */
async function detectLayout(file: string): Promise<Layout> {
  for await (const { text, error, line } of lines(file, () => {})) {
    if (error) throw new InputError("bad_json", `${file}:${line}: ${error.detail}`, { file });
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      throw new InputError("bad_json", `${file}:${line}: the first line is not valid JSON (${(e as Error).message})`, {
        file,
        hint: "is this really a JSON Lines file?",
      });
    }
    if (obj === null || typeof obj !== "object" || Array.isArray(obj))
      throw new InputError("bad_json", `${file}:${line}: a JSON Lines record must be an object`, { file });
    const o = obj as Record<string, unknown>;
    const nestedKey =
      Object.keys(o).find(
        (k) => Array.isArray(o[k]) && (o[k] as unknown[]).some((x) => x && typeof x === "object" && !Array.isArray(x)),
      ) ?? null;
    const outer = Object.keys(o).filter((k) => k !== nestedKey);
    const inner = nestedKey
      ? [...new Set((o[nestedKey] as Record<string, unknown>[]).flatMap((e) => Object.keys(e ?? {})))]
      : [];
    return { outer, nestedKey, inner };
  }
  throw new InputError("empty_file", `${file} is empty`, {
    file,
    hint: "check the path, or that the export finished writing",
  });
}

interface Line {
  text: string;
  line: number;
  error?: RecordProblem;
}

/** Non-blank lines of a (possibly gzipped) file, decoded as strict UTF-8. */
async function* lines(file: string, onBytes: (n: number) => void): AsyncGenerator<Line> {
  for await (const { bytes, line } of byteLines(file, onBytes)) {
    const read = textOf(bytes, line);
    if (read) yield read;
  }
}

/** A line's text as strict UTF-8 (or its problem), or null when it is blank. */
function textOf(bytes: Uint8Array, line: number): Line | null {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return {
      text: displayBytes(bytes),
      line,
      error: { reason: "invalid_utf8", column: "(line)", detail: "bytes that are not valid UTF-8" },
    };
  }
  return text.trim() !== "" ? { text, line } : null;
}
