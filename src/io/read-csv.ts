import { isUtf8 } from "node:buffer";
import { InputError } from "../errors.js";
import type { RawBatch, RecordSource } from "./raw-batch.js";
import { CsvTokenizer, sniffDelimiter, splitHeader } from "./csv-tokenizer.js";
import { MAX_RECORD_BYTES, recordTooLong } from "./record-limit.js";
import { refuseWideEncoding, utf8BomLength } from "./byte-order-mark.js";
import { refuseBinary } from "./sniff-binary.js";
import { CsvBatch } from "./csv-batch.js";
import {
  fileSize,
  isBlank,
  joinChunks,
  lineEnd,
  readHead,
  skipNewline,
  streamChunks,
  type Chunk,
} from "./byte-chunks.js";

export interface CsvOptions {
  /** One character; sniffed from the first lines when absent. */
  delimiter?: string;
  /** Column names for a file without a header row. */
  header?: string[];
  /** The file has no header row; columns are then named by position ("1", "2"...) unless `header` names them. */
  noHeader?: boolean;
}

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
