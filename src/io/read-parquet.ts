import { Type, type Data } from "apache-arrow";
import { openParquetStream } from "./parquet-stream.js";
import { isValidAt } from "./arrow-validity.js";
import {
  CELL_BYTES,
  CELL_MISSING,
  CELL_NUMBER,
  CursorBase,
  type CellCursor,
  type CellType,
  type RawBatch,
  type RecordSource,
} from "./raw-batch.js";

/**
 * Flat Parquet through parquet-wasm (the fastest reader measured here, with bounded memory; see
 * ../shared/DEPENDENCIES.md), decoded in a worker thread one record batch ahead (parquet-stream.ts).
 */
const BATCH_ROWS = 65_536;

export async function openParquet(file: string): Promise<RecordSource> {
  const stream = await openParquetStream(file, BATCH_ROWS);
  const columns = stream.head.schema.fields.map((f) => f.name);
  const { rows: totalRows, size } = stream;
  return {
    file,
    format: "parquet",
    columns,
    totalBytes: size,
    // Parquet is read by row groups: progress is reported in rows, scaled to bytes.
    bytesRead: () => (totalRows > 0 ? Math.round((stream.rowsRead() / totalRows) * size) : size),
    // a source opened and never read (a missing column found before reading) must still end its worker
    close: () => stream.close(),
    async *batches() {
      for await (const table of stream.tables()) {
        let first = stream.rowsRead();
        for (const batch of table.batches) {
          yield new ParquetBatch(columns, batch.data.children as Data[], first);
          first += batch.numRows;
        }
      }
    },
  };
}

class ParquetBatch implements RawBatch {
  readonly length: number;
  readonly cursors: CellCursor[];
  constructor(
    private readonly columns: string[],
    children: Data[],
    private readonly firstRow: number,
  ) {
    this.length = children[0]?.length ?? 0;
    this.cursors = children.map((d) => arrowCursor(d));
  }
  line(row: number): number {
    return this.firstRow + row + 1;
  }
  raw(row: number): string {
    const out: Record<string, unknown> = {};
    this.columns.forEach((name, c) => {
      const cur = this.cursors[c];
      const t = cur.at(row);
      out[name] =
        t === CELL_BYTES
          ? new TextDecoder().decode(cur.buf.subarray(cur.start, cur.end))
          : t === CELL_NUMBER
            ? cur.num
            : null;
    });
    return JSON.stringify(out);
  }
  problem(): null {
    return null;
  }
}

export function arrowCursor(d: Data): CellCursor {
  switch (d.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8:
      return new Utf8Cursor(d);
    case Type.Dictionary:
      return new DictionaryCursor(d);
    case Type.Timestamp: {
      // with a zone (isAdjustedToUTC) the value is an instant; without, a wall-clock time read in --tz
      const type = d.type as unknown as { unit: number; timezone?: string | null };
      return new NumberCursor(d, timestampScale(type.unit), true, !type.timezone);
    }
    case Type.Date:
      return new NumberCursor(d, (d.type as unknown as { unit: number }).unit === 0 ? 86_400_000 : 1, true, true);
    case Type.Int:
    case Type.Float:
      return new NumberCursor(d, 1, false);
    default:
      return new MissingCursor();
  }
}

function timestampScale(unit: number): number {
  return [1000, 1, 1e-3, 1e-6][unit] ?? 1;
}

class Utf8Cursor extends CursorBase {
  private readonly offsets: Int32Array | BigInt64Array;
  constructor(private readonly d: Data) {
    super();
    this.buf = d.values as Uint8Array;
    this.offsets = d.valueOffsets as Int32Array;
  }
  at(row: number): CellType {
    if (!isValidAt(this.d, row)) return CELL_MISSING;
    const i = this.d.offset + row;
    this.start = Number(this.offsets[i]);
    this.end = Number(this.offsets[i + 1]);
    return this.end > this.start ? CELL_BYTES : CELL_MISSING;
  }
}

class DictionaryCursor extends CursorBase {
  private readonly inner: CellCursor;
  constructor(private readonly d: Data) {
    super();
    this.inner = arrowCursor(d.dictionary!.data[0]);
    this.buf = this.inner.buf;
  }
  at(row: number): CellType {
    if (!isValidAt(this.d, row)) return CELL_MISSING;
    const key = Number((this.d.values as Int32Array)[this.d.offset + row]);
    return this.take(this.inner, this.inner.at(key));
  }
}

class NumberCursor extends CursorBase {
  override buf = new Uint8Array(24);
  private readonly values: ArrayLike<number | bigint>;
  private readonly wide: boolean;
  constructor(
    private readonly d: Data,
    private readonly scale: number,
    override readonly isEpochMs: boolean,
    override readonly isWallClock = false,
  ) {
    super();
    this.values = d.values as ArrayLike<number | bigint>;
    this.wide = d.values instanceof BigInt64Array || d.values instanceof BigUint64Array;
  }
  at(row: number): CellType {
    if (!isValidAt(this.d, row)) return CELL_MISSING;
    const raw = this.values[this.d.offset + row];
    if (this.wide && !this.isEpochMs && (raw > MAX_SAFE || raw < -MAX_SAFE)) {
      // 64-bit ids beyond 2^53 would lose digits as numbers: hand them over as their decimal text
      const text = String(raw);
      this.start = 0;
      this.end = text.length;
      for (let i = 0; i < text.length; i++) this.buf[i] = text.charCodeAt(i);
      return CELL_BYTES;
    }
    const v = Number(raw) * this.scale;
    if (v !== v) return CELL_MISSING; // pandas writes missing floats as NaN
    this.num = v;
    return CELL_NUMBER;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

class MissingCursor extends CursorBase {
  at(): CellType {
    return CELL_MISSING;
  }
}
