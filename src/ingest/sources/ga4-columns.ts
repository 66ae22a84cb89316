import { Type, type Data, type RecordBatch } from "apache-arrow";
import { isValidAt } from "../../io/arrow-validity.js";
import {
  ExplodedBatch,
  firstPresent,
  FlatNumberCursor,
  IndexedCursor,
  int64At,
  int64Halves,
  isTextData,
  numbersAt,
  SpanCursor,
  textSpans,
  type TextSpans,
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
import { KeyHasher } from "./nested-values.js";

/** What the GA4 exploder counts while a batch is flattened (shared with its record path). */
export interface Ga4Tally {
  identity(hasUserId: boolean, hasPseudoId: boolean): void;
  /** The duplicate check of a record, by the hash of its key (see SeenKeys.hash). */
  repeatHash(hash: number): boolean;
}

const NOT_SET = new TextEncoder().encode("(not set)");
const SESSION_KEY = new TextEncoder().encode("ga_session_id");

/**
 * GA4's Parquet export flattened column by column: one row per valid element of `items` (one row without an item for
 * an event without any), the same rows Ga4Exploder.explode gives the JSON export's records. Each column is read once
 * into flat spans or numbers: per event for the event's fields, per row for the item's. Returns null when the batch's
 * types are not the export's (the record path then reads it).
 */
export function explodeGa4Batch(batch: RecordBatch, firstRow: number, tally: Ga4Tally): RawBatch | null {
  const col = (name: string) => childOf(batch.data, batch.schema.fields, name);
  const ts = col("event_timestamp");
  const name = col("event_name");
  const pseudo = col("user_pseudo_id");
  const items = col("items");
  if (!ts || ts.typeId !== Type.Int || !isTextData(name) || !isTextData(pseudo) || items?.typeId !== Type.List)
    return null;
  const item = items.children[0];
  if (item.typeId !== Type.Struct) return null;
  const userId = col("user_id");
  const bundle = col("event_bundle_sequence_id");
  const n = batch.numRows;
  const events = identity(n);

  const pseudoSpans = textSpans(pseudo, events, NOT_SET);
  const nameSpans = textSpans(name, events, NOT_SET);
  const userSpans = isTextData(userId) ? textSpans(userId, events, NOT_SET) : null;
  const micros = ts.values as ArrayLike<number | bigint>;
  const microHalves = int64Halves(ts);
  const starts = items.valueOffsets as Int32Array;
  const bundleCur = bundle ? arrowCursor(bundle) : null;

  // which events are kept (intraday duplicates left out once) and how many rows each gives
  const keep = new Uint8Array(n);
  const allTs = ts.nullCount === 0;
  const allLists = items.nullCount === 0;
  const allItems = item.nullCount === 0;
  const key = new KeyHasher();
  // the keys' hashes first, then the checks in a loop of their own: the checks' table misses overlap
  const hashes = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    key.reset();
    key.spanOrNull(pseudoSpans, e).sep();
    if (allTs || isValidAt(ts, e)) {
      const v = microHalves ? int64At(microHalves, ts.offset + e) : NaN;
      key.integer(v === v ? v : micros[ts.offset + e]);
    }
    key.sep().spanOrNull(nameSpans, e).sep();
    const t = bundleCur ? bundleCur.at(e) : CELL_MISSING;
    if (t === CELL_BYTES) key.bytes(bundleCur!.buf, bundleCur!.start, bundleCur!.end);
    else if (t === CELL_NUMBER) key.number(bundleCur!.num);
    else key.text("null");
    hashes[e] = key.value();
  }
  let rows = 0;
  for (let e = 0; e < n; e++) {
    if (tally.repeatHash(hashes[e])) continue;
    keep[e] = 1;
    const hasPseudo = pseudoSpans.ends[e] > pseudoSpans.starts[e];
    tally.identity(userSpans !== null && userSpans.ends[e] > userSpans.starts[e], hasPseudo);
    rows += Math.max(1, allLists || isValidAt(items, e) ? validElements(item, starts, items.offset + e) : 0);
  }
  const parent = new Int32Array(rows);
  const element = new Int32Array(rows);
  let r = 0;
  for (let e = 0; e < n; e++) {
    if (!keep[e]) continue;
    const from = r;
    if (allLists || isValidAt(items, e))
      for (let j = starts[items.offset + e]; j < starts[items.offset + e + 1]; j++)
        if (allItems || isValidAt(item, j)) {
          parent[r] = e;
          element[r++] = j;
        }
    if (r === from) {
      parent[r] = e;
      element[r++] = -1;
    }
  }

  const itemField = (f: string, id: boolean): CellCursor => {
    const d = childOf(item, fieldsOf(item), f);
    if (!d) return MISSING;
    if (id && isTextData(d)) return new SpanCursor(textSpans(d, element, NOT_SET), null);
    const numbers = !id && (d.typeId === Type.Int || d.typeId === Type.Float) ? numbersAt(d, element) : null;
    return numbers ? new FlatNumberCursor(numbers, null) : new IndexedCursor(arrowCursor(d), element);
  };
  const ecommerce = col("ecommerce");
  const order = ecommerce?.typeId === Type.Struct ? childOf(ecommerce, fieldsOf(ecommerce), "transaction_id") : null;
  const perEvent = (spans: TextSpans) => new SpanCursor(spans, parent);
  const cursors: CellCursor[] = [
    new FlatNumberCursor(numbersAt(ts, events, 1000, false)!, parent),
    perEvent(nameSpans),
    perEvent(userSpans ? firstPresent(userSpans, pseudoSpans) : pseudoSpans),
    perEvent(sessions(col("event_params"), pseudoSpans, n)),
    itemField("item_id", true),
    itemField("price", false),
    itemField("quantity", false),
    itemField("item_category", true),
    ecommerce && order
      ? isTextData(order)
        ? perEvent(textSpans(order, events, NOT_SET, ecommerce))
        : new IndexedCursor(new StructField(ecommerce, arrowCursor(order)), parent)
      : MISSING,
  ];
  // timestamp, name, user, session and order are the event's; item, price, quantity and category the item's
  const perRecord = [true, true, true, true, false, false, false, false, true];
  return new ExplodedBatch(rows, cursors, parent, perRecord, firstRow, batch);
}

/** "<user_pseudo_id>.<ga_session_id>" per event (empty when either is missing), as the record path builds it. */
function sessions(params: Data | null, pseudo: TextSpans, n: number): TextSpans {
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  let bytes: Uint8Array = new Uint8Array(n * 32);
  let at = 0;
  const entry = params?.typeId === Type.List ? params.children[0] : null;
  const fields = entry?.typeId === Type.Struct ? fieldsOf(entry) : [];
  const keyData = entry ? childOf(entry, fields, "key") : null;
  const keyCur = isTextData(keyData) ? arrowCursor(keyData) : null;
  const value = entry ? childOf(entry, fields, "value") : null;
  const choices =
    value?.typeId === Type.Struct
      ? ["int_value", "string_value", "double_value", "float_value"].map((f) => childOf(value, fieldsOf(value), f))
      : [];
  const valueCurs = choices.map((d) => (d ? arrowCursor(d) : MISSING));
  const offsets = params?.valueOffsets as Int32Array | undefined;
  for (let e = 0; e < n; e++) {
    const p0 = pseudo.starts[e];
    const p1 = pseudo.ends[e];
    if (!params || !offsets || !keyCur || !value || !isValidAt(params, e) || p1 <= p0) continue;
    let id: CellCursor | null = null;
    for (let j = offsets[params.offset + e]; j < offsets[params.offset + e + 1]; j++) {
      if (!isValidAt(entry!, j) || !sameBytes(keyCur, j, SESSION_KEY)) continue;
      if (isValidAt(value, j)) id = firstValue(valueCurs, j);
      break;
    }
    if (id === null) continue;
    // the value's text: its bytes, or the decimal text of a number (written digit by digit when it is whole)
    const whole = id.end === -1 && Number.isSafeInteger(id.num);
    const text = id.end === -1 && !whole ? String(id.num) : null;
    const need = at + (p1 - p0) + 1 + (whole ? 17 : text === null ? id.end - id.start : text.length * 3);
    if (need > bytes.length) bytes = grow(bytes, need);
    starts[e] = at;
    // byte by byte: a subarray and a set() call per event cost more than copying ~16 bytes
    const pb = pseudo.buf;
    for (let k = p0; k < p1; k++) bytes[at++] = pb[k];
    bytes[at++] = 0x2e; // "."
    if (whole) at = writeInteger(bytes, at, id.num);
    else if (text === null) {
      bytes.set(id.buf.subarray(id.start, id.end), at);
      at += id.end - id.start;
    } else at += ENCODER.encodeInto(text, bytes.subarray(at)).written;
    ends[e] = at;
  }
  return { buf: bytes, alt: bytes, starts, ends };
}

/**
 * The first of the value cursors with a value at `j` ("(not set)" text counts as none), left on it, with `end` set to
 * -1 when the value is a number; or null.
 */
function firstValue(cursors: CellCursor[], j: number): CellCursor | null {
  for (const c of cursors) {
    const t = c.at(j);
    if (t === CELL_BYTES && !(c.end - c.start === NOT_SET.length && sameSpan(c, NOT_SET))) return c;
    if (t === CELL_NUMBER) {
      c.end = -1;
      return c;
    }
  }
  return null;
}

/** Writes String(v) of a whole number below 2^53 at `at` (at most 17 bytes); returns where it ends. */
export function writeInteger(bytes: Uint8Array, at: number, v: number): number {
  if (v < 0) {
    bytes[at++] = 0x2d; // "-"
    v = -v;
  }
  let digits = 1;
  for (let p = 10; p <= v; p *= 10) digits++;
  const end = at + digits;
  // two 32-bit halves: the low 8 digits, then the rest
  const high = v >= 1e8 ? Math.floor(v / 1e8) : 0;
  let low = v - high * 1e8;
  let i = end;
  do {
    const q = (low / 10) | 0;
    bytes[--i] = 0x30 + low - q * 10;
    low = q;
  } while (low > 0 || (high > 0 && end - i < 8));
  for (let h = high; h > 0;) {
    const q = (h / 10) | 0;
    bytes[--i] = 0x30 + h - q * 10;
    h = q;
  }
  return end;
}

function validElements(item: Data, starts: Int32Array, i: number): number {
  if (item.nullCount === 0) return starts[i + 1] - starts[i];
  let k = 0;
  for (let j = starts[i]; j < starts[i + 1]; j++) if (isValidAt(item, j)) k++;
  return k;
}

function sameBytes(c: CellCursor, row: number, want: Uint8Array): boolean {
  return c.at(row) === CELL_BYTES && c.end - c.start === want.length && sameSpan(c, want);
}

function sameSpan(c: CellCursor, want: Uint8Array): boolean {
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

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function grow(bytes: Uint8Array, need: number): Uint8Array {
  const next = new Uint8Array(Math.max(need, bytes.length * 2));
  next.set(bytes);
  return next;
}

/** A field of a struct column read cell by cell: missing where the struct itself is null. */
class StructField extends CursorBase {
  constructor(
    private readonly struct: Data,
    private readonly inner: CellCursor,
  ) {
    super();
  }
  at(row: number): CellType {
    if (!isValidAt(this.struct, row)) return CELL_MISSING;
    return this.take(this.inner, this.inner.at(row));
  }
}

class Missing extends CursorBase {
  at(): CellType {
    return CELL_MISSING;
  }
}
const MISSING = new Missing();
const ENCODER = new TextEncoder();
