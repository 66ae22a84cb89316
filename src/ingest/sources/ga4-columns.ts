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
  type FlatColumns,
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
import { childOf, fieldsOf, MISSING, NOT_SET, sessions } from "./ga4-sessions.js";

/** What the GA4 exploder counts while a batch is flattened (shared with its record path). */
export interface Ga4Tally {
  identity(hasUserId: boolean, hasPseudoId: boolean): void;
  /** The duplicate check of a record, by the hash of its key (see SeenKeys.hash). */
  repeatHash(hash: number): boolean;
}

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

  // the item's fields: text as spans, numbers flat (the `flat` columns), else read cell by cell
  const itemData = (f: string) => childOf(item, fieldsOf(item), f);
  const itemText = (d: Data | null) => (isTextData(d) ? textSpans(d, element, NOT_SET) : null);
  const itemNumbers = (d: Data | null) =>
    d && (d.typeId === Type.Int || d.typeId === Type.Float) ? numbersAt(d, element) : null;
  const [itemId, category] = [itemData("item_id"), itemData("item_category")];
  const [price, quantity] = [itemData("price"), itemData("quantity")];
  const idSpans = itemText(itemId);
  const categorySpans = itemText(category);
  const prices = itemNumbers(price);
  const quantities = itemNumbers(quantity);
  const cell = (d: Data | null, spans: TextSpans | null, numbers: Float64Array | null): CellCursor =>
    spans
      ? new SpanCursor(spans, null)
      : numbers
        ? new FlatNumberCursor(numbers, null)
        : d
          ? new IndexedCursor(arrowCursor(d), element)
          : MISSING;
  const ecommerce = col("ecommerce");
  const order = ecommerce?.typeId === Type.Struct ? childOf(ecommerce, fieldsOf(ecommerce), "transaction_id") : null;
  const orderSpans = ecommerce && isTextData(order) ? textSpans(order, events, NOT_SET, ecommerce) : null;
  const perEvent = (spans: TextSpans) => new SpanCursor(spans, parent);
  const ms = numbersAt(ts, events, 1000, false)!;
  const users = userSpans ? firstPresent(userSpans, pseudoSpans) : pseudoSpans;
  const sessionSpans = sessions(col("event_params"), pseudoSpans, n);
  // the common case, every column of the export's type, also as plain arrays (see FlatColumns)
  const flat: FlatColumns | null =
    idSpans &&
    (price === null || prices) &&
    (quantity === null || quantities) &&
    (category === null || categorySpans) &&
    (!ecommerce || !order || orderSpans)
      ? {
          ms,
          name: nameSpans,
          user: users,
          session: sessionSpans,
          order: orderSpans,
          item: idSpans,
          price: prices,
          quantity: quantities,
          category: categorySpans,
        }
      : null;
  if (flat) return flatGa4Batch(rows, parent, flat, firstRow, batch);
  const cursors: CellCursor[] = [
    new FlatNumberCursor(ms, parent),
    perEvent(nameSpans),
    perEvent(users),
    perEvent(sessionSpans),
    cell(itemId, idSpans, null),
    cell(price, null, prices),
    cell(quantity, null, quantities),
    cell(category, categorySpans, null),
    ecommerce && order
      ? orderSpans
        ? perEvent(orderSpans)
        : new IndexedCursor(new StructField(ecommerce, arrowCursor(order)), parent)
      : MISSING,
  ];
  return new ExplodedBatch(rows, cursors, parent, PER_RECORD, firstRow, batch, null);
}

/** Timestamp, name, user, session and order are the event's; item, price, quantity and category the item's. */
const PER_RECORD = [true, true, true, true, false, false, false, false, true];

/** The exploded batch of `rows` rows over flat columns, row r from event parent[r] of `batch`. */
export function flatGa4Batch(
  rows: number,
  parent: Int32Array,
  flat: FlatColumns,
  firstRow: number,
  batch: RecordBatch,
): ExplodedBatch {
  const perEvent = (spans: TextSpans | null) => (spans ? new SpanCursor(spans, parent) : MISSING);
  const cursors: CellCursor[] = [
    new FlatNumberCursor(flat.ms, parent),
    perEvent(flat.name),
    perEvent(flat.user),
    perEvent(flat.session),
    new SpanCursor(flat.item, null),
    flat.price ? new FlatNumberCursor(flat.price, null) : MISSING,
    flat.quantity ? new FlatNumberCursor(flat.quantity, null) : MISSING,
    flat.category ? new SpanCursor(flat.category, null) : MISSING,
    perEvent(flat.order),
  ];
  return new ExplodedBatch(rows, cursors, parent, PER_RECORD, firstRow, batch, flat);
}

function validElements(item: Data, starts: Int32Array, i: number): number {
  if (item.nullCount === 0) return starts[i + 1] - starts[i];
  let k = 0;
  for (let j = starts[i]; j < starts[i + 1]; j++) if (isValidAt(item, j)) k++;
  return k;
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
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
