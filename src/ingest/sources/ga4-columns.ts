import { Type, type Data, type RecordBatch } from "apache-arrow";
import { isValidAt } from "../../io/arrow-validity.js";
import {
  BuiltTextCursor,
  ExplodedBatch,
  FirstPresentCursor,
  IndexedCursor,
  PlaceholderCursor,
  StructFieldCursor,
} from "../../io/exploded-batch.js";
import {
  CELL_BYTES,
  CELL_MISSING,
  CELL_NUMBER,
  CursorBase,
  type CellCursor,
  type CellType,
} from "../../io/raw-batch.js";
import { arrowCursor } from "../../io/read-parquet.js";
import type { RawBatch } from "../../io/raw-batch.js";

/** What the GA4 exploder counts while a batch is flattened (shared with its record path). */
export interface Ga4Tally {
  identity(hasUserId: boolean, hasPseudoId: boolean): void;
  repeat(key: string): boolean;
}

const NOT_SET = new TextEncoder().encode("(not set)");
const SESSION_KEY = new TextEncoder().encode("ga_session_id");

/**
 * GA4's Parquet export flattened column by column: one row per valid element of `items` (one row without an item for
 * an event without any), the same rows Ga4Exploder.explode gives the JSON export's records. Returns null when the
 * batch's types are not the export's (the record path then reads it).
 */
export function explodeGa4Batch(batch: RecordBatch, firstRow: number, tally: Ga4Tally): RawBatch | null {
  const col = (name: string) => childOf(batch.data, batch.schema.fields, name);
  const ts = col("event_timestamp");
  const name = col("event_name");
  const pseudo = col("user_pseudo_id");
  const items = col("items");
  if (!ts || ts.typeId !== Type.Int || !isText(name) || !isText(pseudo) || items?.typeId !== Type.List) return null;
  const item = items.children[0];
  if (item.typeId !== Type.Struct) return null;
  const userId = col("user_id");
  const params = col("event_params");
  const bundle = col("event_bundle_sequence_id");
  const n = batch.numRows;

  const idOf = (d: Data | null): CellCursor => (d ? new PlaceholderCursor(arrowCursor(d), NOT_SET) : MISSING);
  const pseudoCur = idOf(pseudo);
  const userCur = isText(userId) ? idOf(userId) : MISSING;
  const nameCur = idOf(name);
  const bundleCur = bundle ? arrowCursor(bundle) : MISSING;
  const micros = ts.values as ArrayLike<number | bigint>;
  const starts = items.valueOffsets as Int32Array;

  // which events are kept (intraday duplicates left out once) and how many rows each gives
  const keep = new Uint8Array(n);
  let rows = 0;
  for (let e = 0; e < n; e++) {
    const p = text(pseudoCur, e);
    const key = `${p}|${isValidAt(ts, e) ? String(micros[ts.offset + e]) : ""}|${text(nameCur, e)}|${text(bundleCur, e)}`;
    if (tally.repeat(key)) continue;
    keep[e] = 1;
    tally.identity(userCur.at(e) !== CELL_MISSING, p !== null);
    rows += Math.max(1, isValidAt(items, e) ? validElements(item, starts, items.offset + e) : 0);
  }
  const parent = new Int32Array(rows);
  const element = new Int32Array(rows);
  let r = 0;
  for (let e = 0; e < n; e++) {
    if (!keep[e]) continue;
    const from = r;
    if (isValidAt(items, e))
      for (let j = starts[items.offset + e]; j < starts[items.offset + e + 1]; j++)
        if (isValidAt(item, j)) {
          parent[r] = e;
          element[r++] = j;
        }
    if (r === from) {
      parent[r] = e;
      element[r++] = -1;
    }
  }

  const itemField = (f: string, id: boolean) => {
    const d = childOf(item, (item.type as { children: { name: string }[] }).children, f);
    return d ? new IndexedCursor(id ? idOf(d) : arrowCursor(d), element) : MISSING;
  };
  const ecommerce = col("ecommerce");
  const order = ecommerce?.typeId === Type.Struct ? childOf(ecommerce, fieldsOf(ecommerce), "transaction_id") : null;
  const cursors: CellCursor[] = [
    new IndexedCursor(new MicrosToMillis(ts), parent),
    new IndexedCursor(nameCur, parent),
    new IndexedCursor(new FirstPresentCursor([userCur, pseudoCur]), parent),
    new IndexedCursor(sessions(params, pseudoCur, n), parent),
    itemField("item_id", true),
    itemField("price", false),
    itemField("quantity", false),
    itemField("item_category", true),
    ecommerce && order ? new IndexedCursor(new StructFieldCursor(ecommerce, idOf(order)), parent) : MISSING,
  ];
  return new ExplodedBatch(rows, cursors, parent, firstRow, batch);
}

/** "<user_pseudo_id>.<ga_session_id>" per event (empty when either is missing), as the record path builds it. */
function sessions(params: Data | null, pseudo: CellCursor, n: number): CellCursor {
  const offsets = new Int32Array(n + 1);
  let bytes: Uint8Array = new Uint8Array(n * 32);
  let at = 0;
  const entry = params?.typeId === Type.List ? params.children[0] : null;
  const fields = entry?.typeId === Type.Struct ? fieldsOf(entry) : [];
  const keyCur = entry && isText(childOf(entry, fields, "key")) ? arrowCursor(childOf(entry, fields, "key")!) : null;
  const value = entry ? childOf(entry, fields, "value") : null;
  const choices =
    value?.typeId === Type.Struct
      ? ["int_value", "string_value", "double_value", "float_value"].map((f) => childOf(value, fieldsOf(value), f))
      : [];
  const valueCurs = choices.map((d) => (d ? new PlaceholderCursor(arrowCursor(d), NOT_SET) : MISSING));
  const starts = params?.valueOffsets as Int32Array | undefined;
  for (let e = 0; e < n; e++) {
    offsets[e] = at;
    if (!params || !starts || !keyCur || !value || !isValidAt(params, e) || pseudo.at(e) === CELL_MISSING) continue;
    let id: string | null = null;
    for (let j = starts[params.offset + e]; j < starts[params.offset + e + 1]; j++) {
      if (!isValidAt(entry!, j) || !sameBytes(keyCur, j, SESSION_KEY)) continue;
      if (isValidAt(value, j)) id = firstValue(valueCurs, j);
      break;
    }
    if (id === null) continue;
    const need = at + (pseudo.end - pseudo.start) + 1 + id.length * 3;
    if (need > bytes.length) bytes = grow(bytes, need);
    bytes.set(pseudo.buf.subarray(pseudo.start, pseudo.end), at);
    at += pseudo.end - pseudo.start;
    bytes[at++] = 0x2e; // "."
    at += ENCODER.encodeInto(id, bytes.subarray(at)).written;
  }
  offsets[n] = at;
  return new BuiltTextCursor(bytes, offsets);
}

function firstValue(cursors: CellCursor[], j: number): string | null {
  for (const c of cursors) {
    const t = c.at(j);
    if (t === CELL_BYTES) return DECODER.decode(c.buf.subarray(c.start, c.end));
    if (t === CELL_NUMBER) return String(c.num);
  }
  return null;
}

function validElements(item: Data, starts: Int32Array, i: number): number {
  let k = 0;
  for (let j = starts[i]; j < starts[i + 1]; j++) if (isValidAt(item, j)) k++;
  return k;
}

function text(c: CellCursor, row: number): string | null {
  const t = c.at(row);
  if (t === CELL_BYTES) return LATIN1.decode(c.buf.subarray(c.start, c.end));
  return t === CELL_NUMBER ? String(c.num) : null;
}

function sameBytes(c: CellCursor, row: number, want: Uint8Array): boolean {
  if (c.at(row) !== CELL_BYTES || c.end - c.start !== want.length) return false;
  for (let i = 0; i < want.length; i++) if (c.buf[c.start + i] !== want[i]) return false;
  return true;
}

function childOf(d: Data, fields: readonly { name: string }[], name: string): Data | null {
  const i = fields.findIndex((f) => f.name === name);
  return i < 0 ? null : (d.children[i] as Data);
}

function fieldsOf(d: Data): { name: string }[] {
  return (d.type as { children: { name: string }[] }).children;
}

function isText(d: Data | null): d is Data {
  return d !== null && (d.typeId === Type.Utf8 || d.typeId === Type.LargeUtf8 || d.typeId === Type.Dictionary);
}

function grow(bytes: Uint8Array, need: number): Uint8Array {
  const next = new Uint8Array(Math.max(need, bytes.length * 2));
  next.set(bytes);
  return next;
}

/** event_timestamp in microseconds -> milliseconds, truncated (as the record path does). */
class MicrosToMillis extends CursorBase {
  private readonly values: ArrayLike<number | bigint>;
  constructor(private readonly d: Data) {
    super();
    this.values = d.values as ArrayLike<number | bigint>;
  }
  at(row: number): CellType {
    if (!isValidAt(this.d, row)) return CELL_MISSING;
    this.num = Math.floor(Number(this.values[this.d.offset + row]) / 1000);
    return CELL_NUMBER;
  }
}

class Missing extends CursorBase {
  at(): CellType {
    return CELL_MISSING;
  }
}
const MISSING = new Missing();
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
const LATIN1 = new TextDecoder("latin1");
