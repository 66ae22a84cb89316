import { EventKind } from "../data/event-kind.js";
import type { CellCursor, RawBatch } from "../io/raw-batch.js";
import { acceptRow } from "./accept-row.js";
import { NONE } from "./id-cells.js";
import { REJECTED_PRICE, SourceNormaliser } from "./normalize.js";

type Cursors = Record<string, CellCursor | null>;
const RECORD_FIELDS = ["ts", "event", "user", "session", "order"] as const;

/**
 * The normaliser for readers that explode records into rows (GA4's items): the record's own fields (time, event,
 * user, session, order) are read, checked and interned once per record, on its first accepted row; its other rows
 * then only read their item, price, quantity and category. A row gives exactly what SourceNormaliser gives it: the
 * same codes (the record's ids are already interned), counts, event-name rows and rejections, in the same order.
 */
export class RecordNormaliser extends SourceNormaliser {
  /** The record whose accepted row was the last row read (-1: none), and that row's record-level values. */
  protected record = -1;
  protected readonly held = { ts: 0, kind: 0, user: 0, session: 0, order: 0 };

  override process(batch: RawBatch): void {
    const c = this.cursorsOf(batch);
    const of = this.sharedRecords(batch);
    this.record = -1;
    if (!of) return super.process(batch);
    const out = this.ctx.out;
    for (let r = 0; r < batch.length; r++) {
      if (of[r] === this.record) {
        this.itemRow(batch, r, c);
        continue;
      }
      const before = out.length;
      this.row(batch, r, c);
      this.record = out.length > before ? of[r] : -1;
      if (this.record >= 0) this.hold(before);
    }
  }

  /** Accepts a further row of the held record: its own item, price, quantity and category, the record's rest. */
  protected acceptHeld(
    batch: RawBatch,
    r: number,
    item: number,
    price: number,
    quantity: number,
    category: number,
  ): void {
    const h = this.held;
    acceptRow(
      this.ctx,
      this.counters,
      batch,
      r,
      h.ts,
      h.user,
      h.session,
      item,
      h.kind,
      price,
      quantity,
      category,
      h.order,
    );
  }

  /** Keeps output row i's record-level values for the record's other rows. */
  protected hold(i: number): void {
    const { out } = this.ctx;
    const h = this.held;
    h.ts = out.ts[i];
    h.kind = out.kind[i];
    h.user = out.user[i];
    h.session = out.session[i];
    h.order = out.order[i];
  }

  /** The batch's record of each row, when every record-level field reads a record-level column; else null. */
  protected sharedRecords(batch: RawBatch): Int32Array | null {
    const { records } = batch;
    const { fields, spec } = this.ctx;
    // a quantity that turns a purchase into a return, or a time offset per row, makes rows of one record differ
    if (!records || spec.negativeQuantityIsReturn || fields.tsOffset >= 0 || fields.returnFlag >= 0) return null;
    return RECORD_FIELDS.every((f) => fields[f] < 0 || records.columns[fields[f]]) ? records.of : null;
  }

  /** A row of the record the previous (accepted) row came from: SourceNormaliser.row's item-level steps only. */
  protected itemRow(batch: RawBatch, r: number, c: Cursors): void {
    const { ctx, held } = this;
    if (c.event) this.eventNames.countAgain();
    this.counters.read++;
    ctx.counters.read++;
    if (this.ids.isAbsent(c.item!, r)) return this.reject(batch, r, "missing_value", this.col("item"), "no item id");
    const price = this.price(batch, r, c);
    let quantity = price === REJECTED_PRICE ? NaN : this.quantity(batch, r, c);
    if (quantity !== quantity) return; // rejected for its price or its quantity
    const kind = held.kind;
    if (kind === EventKind.return) quantity = Math.abs(quantity);
    const d = ctx.dicts;
    const item = this.ids.intern(d.item, c.item!, r);
    const category = c.category
      ? this.ids.internRemembered(d.category, c.category, r, this.categoryOfItem, item)
      : NONE;
    this.acceptHeld(batch, r, item, price, quantity, category);
  }
}
