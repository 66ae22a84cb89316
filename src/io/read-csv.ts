import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import { createGunzip } from "node:zlib";
import { InputError } from "../errors.js";
import {
  CELL_BYTES,
  CELL_MISSING,
  CursorBase,
  type CellCursor,
  type CellType,
  type RawBatch,
  type RecordProblem,
  type RecordSource,
} from "./raw-batch.js";
import { CsvTokenizer, FLAG_BAD_QUOTE, sniffDelimiter, splitHeader, type TokenizedRecords } from "./csv-tokenizer.js";
import { displayBytes } from "./display-bytes.js";
import { MAX_RECORD_BYTES, recordTooLong } from "./record-limit.js";
import { refuseWideEncoding, utf8BomLength } from "./byte-order-mark.js";
import { refuseBinary } from "./sniff-binary.js";

export interface CsvOptions {
  /** One character; sniffed from the first lines when absent. */
  delimiter?: string;
  /** Column names for a file without a header row. */
  header?: string[];
  /** The file has no header row; columns are then named by position ("1", "2"...) unless `header` names them. */
  noHeader?: boolean;
}

const CHUNK = 1 << 20;

/** Opens a CSV/TSV file (optionally .gz) as a stream of record batches. */
export async function openCsv(file: string, opts: CsvOptions = {}): Promise<RecordSource> {
  const totalBytes = await fileSize(file);
  const chunks = streamChunks(file);
  const first = await readHead(chunks, file);
  refuseWideEncoding(file, first.data);
  refuseBinary(file, first.data);
  const head = first.data.subarray(utf8BomLength(first.data));
  if (isBlank(head))
    throw new InputError("empty_file", `${file} is empty`, {
      file,
      hint: "check the path, or that the export finished writing",
    });

  const delimiter = opts.delimiter ?? sniffDelimiter(head.subarray(0, 64 * 1024));
  if (delimiter.length !== 1)
    throw new InputError("bad_delimiter", `--delimiter must be one character, got "${delimiter}"`);
  const delim = delimiter.charCodeAt(0);
  const firstLineEnd = lineEnd(head);
  const firstFields = splitHeader(head.subarray(0, firstLineEnd), delim);
  const hasHeader = !opts.noHeader && !opts.header;
  // unnamed header cells (a trailing delimiter, an index column) get their position as name: "_4"
  const columns = hasHeader
    ? firstFields.map((c, i) => (c === "" ? `_${i + 1}` : c))
    : (opts.header ?? firstFields.map((_, i) => String(i + 1)));
  if (hasHeader) {
    const dup = columns.find((c, i) => columns.indexOf(c) !== i);
    if (dup !== undefined)
      throw new InputError("duplicate_column", `${file}: column "${dup}" appears twice in the header`, { file });
  }
  const body = hasHeader ? head.subarray(Math.min(head.length, skipNewline(head, firstLineEnd))) : head;
  const firstLine = hasHeader ? 2 : 1;
  const compressed = /\.gz$/i.test(file);

  let consumedBytes = 0;
  return {
    file,
    format: "csv",
    columns,
    totalBytes,
    bytesRead: () => consumedBytes,
    // the body of a plain file can be cut into byte ranges parsed in parallel (see openCsvRange)
    split: compressed ? undefined : { delimiter, bodyStart: first.data.length - body.length, firstLine },
    batches: () =>
      csvBatches(
        file,
        columns,
        delim,
        chunks,
        { carry: body, done: first.done, bytes: first.bytes },
        firstLine,
        true,
        (n) => (consumedBytes = n),
        (line, quote) => recordTooLong(file, line, quote),
      ),
  };
}

/** Thrown when a range's end falls inside a quoted field: the caller then parses the file in one piece. */
export class MisalignedRange extends Error {}

/**
 * The records of bytes [start, end) of a plain CSV file whose header is already known. Line numbers
 * count from `firstLine` at `start`. Unless `last`, the range must end on a record boundary (after a newline
 * outside quotes); otherwise MisalignedRange is thrown once the range is consumed.
 */
export function openCsvRange(
  file: string,
  columns: string[],
  delimiter: string,
  start: number,
  end: number,
  last: boolean,
  firstLine = 1,
): RecordSource & { linesConsumed(): number } {
  let consumedBytes = 0;
  let lines = 0;
  const chunks = streamChunks(file, start, end);
  return {
    file,
    format: "csv",
    columns,
    totalBytes: end - start,
    bytesRead: () => consumedBytes,
    linesConsumed: () => lines,
    batches: () =>
      csvBatches(
        file,
        columns,
        delimiter.charCodeAt(0),
        chunks,
        { carry: new Uint8Array(0), done: false, bytes: 0 },
        firstLine,
        last,
        (n, l) => {
          consumedBytes = n;
          lines = l;
        },
        // a range may start inside a quoted field and read its quoting inverted: let the caller re-read the
        // file in one piece, which raises the real error if the record is too long
        () => new MisalignedRange(`${file}: a record in the range exceeds ${MAX_RECORD_BYTES} bytes`),
      ),
  };
}

async function* csvBatches(
  file: string,
  columns: string[],
  delim: number,
  chunks: AsyncGenerator<Chunk>,
  first: { carry: Uint8Array; done: boolean; bytes: number },
  firstLine: number,
  last: boolean,
  onBytes: (bytes: number, linesConsumed: number) => void,
  tooLong: (line: number, unclosedQuote: boolean) => Error,
): AsyncGenerator<RawBatch> {
  const tokenizer = new CsvTokenizer(delim, columns.length);
  let line = firstLine;
  let carry = first.carry;
  let done = first.done;
  let pendingBytes = first.bytes;
  for (;;) {
    let data = carry;
    if (!done) {
      // while one record spans chunks, read at least as many new bytes as are carried before tokenizing
      // again: the carried bytes are then re-read a bounded number of times, and reading stays linear
      const parts: Uint8Array[] = [carry];
      let length = carry.length;
      let fresh = 0;
      do {
        const next = await chunks.next();
        if (next.done) {
          done = true;
          break;
        }
        parts.push(next.value.data);
        length += next.value.data.length;
        fresh += next.value.data.length;
        pendingBytes = next.value.bytes;
      } while (fresh < carry.length && length <= MAX_RECORD_BYTES);
      data = joinChunks(parts, length);
    }
    const rawBefore = new Map<number, string>();
    const rec = tokenizer.tokenize(data as Buffer, line, done && last, rawBefore);
    const validUtf8 = isUtf8(data.subarray(0, rec.consumed));
    line += rec.linesConsumed;
    onBytes(pendingBytes, line - firstLine);
    if (rec.count > 0) yield new CsvBatch(file, columns, data, rec, rawBefore, validUtf8, done && last);
    carry = data.subarray(rec.consumed);
    if (!done && carry.length > MAX_RECORD_BYTES) {
      await chunks.return(undefined);
      throw tooLong(line, carry.indexOf(0x0a) >= 0);
    }
    if (done) {
      if (!last && carry.length > 0) throw new MisalignedRange(`${file}: range ends inside a record`);
      break; // the final call consumed everything
    }
  }
}

class CsvBatch implements RawBatch {
  readonly length: number;
  readonly cursors: CellCursor[];
  private readonly badUtf8: Set<number> | null;
  constructor(
    private readonly file: string,
    private readonly columns: string[],
    private readonly buf: Uint8Array,
    private readonly rec: TokenizedRecords,
    private readonly rawBefore: Map<number, string>,
    validUtf8: boolean,
    private readonly last: boolean,
  ) {
    this.length = rec.count;
    this.cursors = columns.map((_, c) => new CsvCursor(buf, rec, c));
    this.badUtf8 = validUtf8 ? null : findBadUtf8Records(buf, rec);
  }
  line(row: number): number {
    return this.rec.lines[row];
  }
  raw(row: number): string {
    return this.rawBefore.get(row) ?? displayBytes(this.buf.subarray(this.rec.recStart[row], this.rec.recEnd[row]));
  }
  problem(row: number): RecordProblem | null {
    const rec = this.rec;
    if (this.badUtf8?.has(row))
      return {
        reason: "invalid_utf8",
        column: this.badUtf8Column(row),
        detail: "bytes that are not valid UTF-8; re-export the file as UTF-8 (iconv -f latin1 -t utf-8)",
      };
    if (this.last && row === rec.count - 1 && rec.openQuote)
      return {
        reason: "unterminated_quote",
        column: this.columns[Math.min(rec.fieldCounts[row], this.columns.length) - 1] ?? this.columns[0],
        detail: "a quoted field is never closed (file truncated?)",
      };
    if (rec.flags[row] & FLAG_BAD_QUOTE) {
      const f = rec.badQuoteField[row];
      return {
        reason: "bad_quote",
        column: this.columns[f] ?? `(field ${f + 1})`,
        detail: "characters after a closing quote",
      };
    }
    const found = rec.fieldCounts[row];
    if (found !== rec.width) {
      const column = found < rec.width ? this.columns[found] : `(field ${found})`;
      const hint =
        found === 1
          ? " (wrong delimiter? pass --delimiter)"
          : this.last && row === rec.count - 1
            ? " (truncated last line?)"
            : "";
      return { reason: "wrong_field_count", column, detail: `expected ${rec.width} fields, found ${found}${hint}` };
    }
    return null;
  }
  private badUtf8Column(row: number): string {
    const base = row * this.rec.width;
    for (let c = 0; c < this.columns.length; c++) {
      if (!isUtf8(this.buf.subarray(this.rec.starts[base + c], this.rec.ends[base + c]))) return this.columns[c];
    }
    return this.columns[0];
  }
}

class CsvCursor extends CursorBase {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly width: number;
  constructor(
    buf: Uint8Array,
    rec: TokenizedRecords,
    private readonly col: number,
  ) {
    super();
    this.buf = buf;
    this.starts = rec.starts;
    this.ends = rec.ends;
    this.width = rec.width;
  }
  at(row: number): CellType {
    const k = row * this.width + this.col;
    this.start = this.starts[k];
    this.end = this.ends[k];
    return this.end > this.start ? CELL_BYTES : CELL_MISSING;
  }
}

function findBadUtf8Records(buf: Uint8Array, rec: TokenizedRecords): Set<number> {
  const bad = new Set<number>();
  for (let r = 0; r < rec.count; r++) if (!isUtf8(buf.subarray(rec.recStart[r], rec.recEnd[r]))) bad.add(r);
  return bad;
}

interface Chunk {
  data: Uint8Array;
  /** Source bytes read so far (compressed bytes for .gz). */
  bytes: number;
}

async function* streamChunks(file: string, start = 0, end = Infinity): AsyncGenerator<Chunk> {
  const raw = createReadStream(file, { highWaterMark: CHUNK, start, end: end === Infinity ? undefined : end - 1 });
  // gunzip's default output chunk is 16 KiB; a chunk as large as the read keeps batches (and their count) even
  const stream = /\.gz$/i.test(file) ? raw.pipe(createGunzip({ chunkSize: CHUNK })) : raw;
  raw.on("error", (e) => stream.destroy(e));
  try {
    for await (const data of stream) yield { data: data as Buffer, bytes: raw.bytesRead };
  } catch (e) {
    throw readError(file, e);
  }
}

/**
 * Reads until the first line is complete (and at least one chunk). Chunks are kept in a list and joined once,
 * so a long first line costs linear time; a first line past MAX_RECORD_BYTES is an error.
 */
async function readHead(
  chunks: AsyncGenerator<Chunk>,
  file: string,
): Promise<{ data: Uint8Array; done: boolean; bytes: number }> {
  const parts: Uint8Array[] = [];
  let length = 0;
  let bytes = 0;
  for (;;) {
    const next = await chunks.next();
    if (next.done) return { data: joinChunks(parts, length), done: true, bytes };
    parts.push(next.value.data);
    length += next.value.data.length;
    bytes = next.value.bytes;
    if (next.value.data.indexOf(0x0a) >= 0) return { data: joinChunks(parts, length), done: false, bytes };
    if (length > MAX_RECORD_BYTES) {
      await chunks.return(undefined);
      throw recordTooLong(file, 1, false);
    }
  }
}

function joinChunks(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function readError(file: string, e: unknown): InputError {
  const err = e as NodeJS.ErrnoException;
  if (err.code === "Z_DATA_ERROR" || err.code === "Z_BUF_ERROR")
    return new InputError("bad_gzip", `${file}: not a valid gzip file (${err.message})`, { file });
  return new InputError("unreadable_file", `${file}: cannot read (${err.message})`, { file });
}

async function fileSize(file: string): Promise<number> {
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw new InputError("not_a_file", `${file} is a directory, not an event file`, { file });
    return s.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT")
      throw new InputError("file_not_found", `${file}: no such file`, {
        file,
        hint: "check the path (globs are expanded by cartlift)",
      });
    throw new InputError("unreadable_file", `${file}: cannot read (${err.message})`, { file });
  }
}

function lineEnd(buf: Uint8Array): number {
  const i = buf.indexOf(0x0a);
  const end = i < 0 ? buf.length : i;
  return end > 0 && buf[end - 1] === 0x0d ? end - 1 : end;
}

function skipNewline(buf: Uint8Array, at: number): number {
  if (buf[at] === 0x0d) at++;
  if (buf[at] === 0x0a) at++;
  return at;
}

function isBlank(buf: Uint8Array): boolean {
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return true;
}

/** The first line of a (possibly gzipped) file, without BOM and line ending. */
export async function peekFirstLine(file: string): Promise<Uint8Array> {
  await fileSize(file);
  const chunks = streamChunks(file);
  const { data } = await readHead(chunks, file);
  await chunks.return(undefined);
  refuseWideEncoding(file, data);
  refuseBinary(file, data);
  const head = data.subarray(utf8BomLength(data));
  return head.subarray(0, lineEnd(head));
}
