import { createHash, type Hash } from "node:crypto";
import { int64Pairs, validity } from "./arrow-buffers.js";
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import {
  AsyncByteQueue,
  makeData,
  makeVector,
  RecordBatch,
  RecordBatchFileWriter,
  Struct,
  Utf8,
  type Data,
  type DataType,
  type Vector,
} from "apache-arrow";
import { EVENT_KINDS } from "../data/event-kind.js";
import type { Dictionary } from "../data/dictionary.js";
import type { EventColumnArrays, EventDictionaries } from "../data/event-table.js";
import { EVENTS_SCHEMA } from "./dataset-format.js";
import { removeTemp, tempBeside } from "./temp-files.js";

/** What a finished events.arrow holds: what the manifest seals it with. */
export interface EventsFileSeal {
  rows: number;
  bytes: number;
  sha256: string;
}

/**
 * The Arrow writer's byte sink, written straight to a file descriptor and hashed as it goes: the writer never holds
 * more than the record batch it is encoding, so a dataset's size is bounded by the disk, not by one Buffer (2 GiB).
 */
class FileSink extends AsyncByteQueue {
  bytes = 0;
  constructor(
    private readonly fd: number,
    private readonly hash: Hash,
  ) {
    super();
  }
  override write(value: Uint8Array): void {
    for (let done = 0; done < value.length;) done += writeSync(this.fd, value, done, value.length - done);
    this.hash.update(value);
    this.bytes += value.length;
  }
}

/**
 * Streams events.arrow to a temporary file beside `path`, one record batch at a time (Arrow IPC file format: the
 * dictionaries once, before the first batch; the footer on `finish`). The bytes are those `tableToIPC` gives for the
 * same batches. `finish` flushes the file and returns its temporary name (renamed by the caller, after the manifest);
 * `abort` removes it.
 */
export class EventsFileWriter {
  readonly tmp: string;
  private readonly fd: number;
  private readonly hash = createHash("sha256");
  private readonly sink: FileSink;
  private readonly writer = new RecordBatchFileWriter();
  private readonly dicts: (Vector<Utf8> | null)[];
  private readonly eventDict = makeVector(utf8Data(new TextEncoder().encode(EVENT_KINDS.join("")), kindOffsets()));
  private rows = 0;
  private batches = 0;

  constructor(path: string, dicts: EventDictionaries) {
    this.tmp = tempBeside(path);
    try {
      this.fd = openSync(this.tmp, "w");
    } catch (e) {
      removeTemp(this.tmp);
      throw e;
    }
    this.sink = new FileSink(this.fd, this.hash);
    this.dicts = [dicts.user, dicts.session, dicts.item, null, dicts.category, dicts.order].map((d) =>
      d ? utf8Vector(d) : null,
    );
    this.guard(() => this.writer.reset(this.sink as never, EVENTS_SCHEMA));
  }

  /** Appends rows [from, to) of `t` as one record batch. */
  writeBatch(t: EventColumnArrays, from: number, to: number): void {
    this.guard(() => this.writer.write(this.encode(t, from, to)));
    this.rows += to - from;
    this.batches++;
  }

  /** Writes the footer, flushes and closes the file; returns its seal. An empty file still holds one 0-row batch. */
  finish(empty: EventColumnArrays): EventsFileSeal {
    if (this.batches === 0) this.writeBatch(empty, 0, 0);
    this.guard(() => {
      this.writer.finish();
      fsyncSync(this.fd);
    });
    closeSync(this.fd);
    return { rows: this.rows, bytes: this.sink.bytes, sha256: this.hash.digest("hex") };
  }

  /** Closes and removes the temporary file (a failure path). */
  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    removeTemp(this.tmp);
  }

  private guard<T>(step: () => T): T {
    try {
      return step();
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  private encode(t: EventColumnArrays, from: number, to: number): RecordBatch {
    const fields = EVENTS_SCHEMA.fields;
    const d = this.dicts;
    const n = to - from;
    const children: Data[] = [
      makeData({ type: fields[0].type, length: n, data: int64Pairs(t.ts.subarray(from, to)) }),
      dictData(fields[1].type, t.user.subarray(from, to), d[0]!),
      dictData(fields[2].type, t.session.subarray(from, to), d[1]!),
      dictData(fields[3].type, t.item.subarray(from, to), d[2]!),
      makeData({
        type: fields[4].type,
        length: n,
        data: new Int8Array(t.kind.buffer, t.kind.byteOffset + from, n),
        dictionary: this.eventDict,
      }),
      nullableFloat(fields[5].type, t.price.subarray(from, to)),
      makeData({ type: fields[6].type, length: n, data: t.quantity.subarray(from, to) }),
      nullableDict(fields[7].type, t.category.subarray(from, to), d[4]!),
      nullableDict(fields[8].type, t.order.subarray(from, to), d[5]!),
    ];
    return new RecordBatch(EVENTS_SCHEMA, makeData({ type: new Struct(fields), length: n, children }));
  }
}

function kindOffsets(): Int32Array {
  const off = new Int32Array(EVENT_KINDS.length + 1);
  EVENT_KINDS.forEach((k, i) => (off[i + 1] = off[i] + k.length));
  return off;
}

function utf8Data(bytes: Uint8Array, offsets: Int32Array): Data<Utf8> {
  return makeData({ type: new Utf8(), length: offsets.length - 1, valueOffsets: offsets, data: bytes });
}

function utf8Vector(d: Dictionary): Vector<Utf8> {
  const { bytes, offsets } = d.utf8();
  return makeVector(utf8Data(bytes, offsets));
}

function dictData(type: DataType, codes: Int32Array, dictionary: Vector<Utf8>): Data {
  return makeData({ type: type as never, length: codes.length, data: codes, dictionary } as never);
}

/** Codes with -1 for "absent" become Arrow nulls (validity bitmap, index 0 underneath). */
function nullableDict(type: DataType, codes: Int32Array, dictionary: Vector<Utf8>): Data {
  const { bitmap, nulls } = validity(codes.length, (i) => codes[i] >= 0);
  if (nulls === 0) return dictData(type, codes, dictionary);
  const data = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) data[i] = codes[i] >= 0 ? codes[i] : 0;
  return makeData({
    type: type as never,
    length: codes.length,
    data,
    dictionary,
    nullBitmap: bitmap,
    nullCount: nulls,
  } as never);
}

function nullableFloat(type: DataType, values: Float64Array): Data {
  const { bitmap, nulls } = validity(values.length, (i) => values[i] === values[i]);
  return makeData({
    type: type as never,
    length: values.length,
    data: values,
    nullBitmap: nulls ? bitmap : undefined,
    nullCount: nulls,
  } as never);
}
