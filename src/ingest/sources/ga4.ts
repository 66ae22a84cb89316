import type { RecordBatch } from "apache-arrow";
import type { RawBatch } from "../../io/raw-batch.js";
import { sibling } from "../../worker-url.js";
import { ExploderBase, missingError, ROW_ITEM, type Row } from "./exploder-base.js";
import { explodeGa4Batch, type Ga4Tally } from "./ga4-columns.js";
import { adoptGa4Batch, type Ga4Part } from "./ga4-decode-extension.js";
import { Ga4LineScanner } from "./ga4-line-scan.js";
import { id, keysOf, notAList, num, obj, objects, type Obj } from "./nested-values.js";
import type { RecordProblem } from "../../io/raw-batch.js";

/**
 * Google Analytics 4's BigQuery export (events_YYYYMMDD), one event a line as EXPORT DATA writes JSON: INT64 values
 * are strings, event_params is a list of {key, value: {string_value, int_value, ...}}, items a list of structs.
 * event_timestamp is in microseconds: kept to the millisecond (truncated). The user is user_id when set, else
 * user_pseudo_id; the session is "<user_pseudo_id>.<ga_session_id>" (ga_session_id is only unique per pseudo id),
 * which also keeps the pseudo id of logged-in events. Intraday-table duplicates (same pseudo id, timestamp, name and
 * bundle) are left out once.
 */
export class Ga4Exploder extends ExploderBase {
  /** The Parquet decoding worker flattens the batches (see ga4-decode-extension.ts). */
  readonly decodeExtension = sibling(import.meta.url, "ga4-decode-extension");
  /** What the exploder reads of a Parquet export: its other columns (device, geo, item_name...) are not decoded. */
  readonly projection = [
    "event_timestamp",
    "event_name",
    "event_params",
    "event_bundle_sequence_id",
    "user_id",
    "user_pseudo_id",
    "ecommerce.transaction_id",
    "items.item_id",
    "items.item_category",
    "items.price",
    "items.quantity",
  ];
  private readonly tally: Ga4Tally = {
    identity: (hasUserId, hasPseudoId) => void this.identity(hasUserId ? 1 : null, hasPseudoId ? 1 : null),
    repeatHash: (hash) => this.isRepeatHash(hash),
  };

  constructor() {
    super(
      "ga4",
      {
        ts: "event_timestamp",
        event: "event_name",
        user: "user_id|user_pseudo_id",
        session: "user_pseudo_id.event_params[ga_session_id]",
        item: "items[].item_id",
        price: "items[].price",
        quantity: "items[].quantity",
        category: "items[].item_category",
        order: "ecommerce.transaction_id",
      },
      [
        "event_timestamp",
        "event_name",
        "user_id",
        "user_pseudo_id",
        "event_params",
        "items",
        "ecommerce",
        "event_bundle_sequence_id",
      ],
    );
  }

  protected checkSample(file: string, sample: Obj[]): void {
    if (!sample.some((r) => "items" in r))
      throw missingError(
        file,
        'no "items" field: GA4 e-commerce events carry their products there',
        keysOf(sample),
        "export the whole events_* table (SELECT *), including items and ecommerce",
      );
    if (!sample.some((r) => "event_params" in r))
      throw missingError(file, 'no "event_params" field (it holds ga_session_id)', keysOf(sample), "export SELECT *");
    const keys = new Set<string>();
    for (const r of sample)
      for (const p of objects(r.event_params) ?? []) if (typeof p.key === "string") keys.add(p.key);
    if (!keys.has("ga_session_id"))
      throw missingError(
        file,
        'no event_params record has the key "ga_session_id"',
        [...keys],
        "GA4 writes the session id as event_params.key = 'ga_session_id'; a renamed key needs renaming back in the export query",
      );
  }

  explodeColumns(batch: RecordBatch, firstRow: number): RawBatch | null {
    return explodeGa4Batch(batch, firstRow, this.tally);
  }

  adoptColumns(batch: RecordBatch, firstRow: number, extra: unknown): RawBatch | null {
    return adoptGa4Batch(batch, firstRow, extra as Ga4Part, this.tally);
  }

  lineScanner(): Ga4LineScanner {
    return new Ga4LineScanner(this.tally);
  }

  explode(r: Obj, emit: (row: Row) => void): string | RecordProblem | null {
    const pseudo = id(r.user_pseudo_id);
    const rawTs = r.event_timestamp;
    const name = id(r.event_name);
    if (this.isRepeat(`${String(pseudo)}|${String(rawTs)}|${String(name)}|${String(r.event_bundle_sequence_id)}`))
      return "duplicate";
    const micros = num(rawTs);
    const ts = typeof micros === "number" ? Math.floor(micros / 1000) : micros;
    const user = this.identity(id(r.user_id), pseudo);
    const sessionId = sessionOf(r.event_params);
    const session = sessionId !== null && pseudo !== null ? `${String(pseudo)}.${String(sessionId)}` : null;
    const order = id(obj(r.ecommerce)?.transaction_id);
    const problem = notAList(r.items, "items", this.columns[ROW_ITEM]);
    if (problem) return problem;
    const items = objects(r.items);
    if (!items || items.length === 0) {
      emit([ts, name, user, session, null, null, null, null, order]);
      return null;
    }
    for (const it of items)
      emit([
        ts,
        name,
        user,
        session,
        id(it.item_id),
        num(it.price),
        num(it.quantity),
        id(it.item_category),
        order,
        pseudo,
      ]);
    return null;
  }
}

function sessionOf(params: unknown): string | number | null {
  if (!Array.isArray(params)) return null;
  for (const p of params as Obj[]) {
    if (p === null || p.key !== "ga_session_id") continue;
    const v = obj(p.value);
    if (!v) return null;
    const s = id(v.int_value) ?? id(v.string_value) ?? id(v.double_value) ?? id(v.float_value);
    return typeof s === "boolean" ? null : s;
  }
  return null;
}
