import { EventKind } from "../data/event-kind.js";
import type { CellCursor, RawBatch } from "../io/raw-batch.js";
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
      if (this.record < 0) continue;
      const i = before;
      const h = this.held;
      h.ts = out.ts[i];
      h.kind = out.kind[i];
      h.user = out.user[i];
      h.session = out.session[i];
      h.order = out.order[i];
    }
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
    const out = ctx.out;
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
    out.reserve();
    const i = out.length++;
    out.ts[i] = held.ts;
    out.user[i] = held.user;
    out.session[i] = held.session;
    out.item[i] = item;
    out.kind[i] = kind;
    out.price[i] = price;
    out.quantity[i] = quantity;
    out.category[i] = category;
    out.order[i] = held.order;
    out.source[i] = ctx.sourceIndex;
    out.line[i] = batch.line(r);
    this.counters.accepted++;
    ctx.counters.accepted++;
    ctx.counters.byKind[kind]++;
  }
}
