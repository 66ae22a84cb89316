import type { Dictionary } from "../data/dictionary.js";
import { EventKind } from "../data/event-kind.js";
import { ExplodedBatch, type FlatColumns, type TextSpans } from "../io/exploded-batch.js";
import type { RawBatch } from "../io/raw-batch.js";
import { acceptRow } from "./accept-row.js";
import { NONE } from "./id-cells.js";
import type { NormaliseContext } from "./normalize.js";
import { epochToMs } from "./parse-time.js";
import { RecordNormaliser } from "./record-normaliser.js";

/** The field columns of an exploded batch with flat columns (see FlatColumns), in the exploder's order. */
const FLAT_ORDER = ["ts", "event", "user", "session", "item", "price", "quantity", "category", "order"] as const;
const MAX_QUANTITY = 2 ** 31 - 1;

/**
 * RecordNormaliser with a fast path for batches that carry flat columns (GA4's Parquet export, every column of its
 * type): one loop over plain arrays, no cursor per cell. It handles the rows it can prove the general path accepts (or
 * leaves out as an unmapped event name) and writes what that path writes; any other row (a rejection, a missing
 * time or name) it hands to the general path before touching any state, so rejections and their order, counts and
 * codes are the same whichever path reads a row. Sources whose options change a row's meaning (field mappings, null
 * markers, returns by sign or prefix, time offsets) always take the general path.
 */
export class FlatRecordNormaliser extends RecordNormaliser {
  private readonly fits: boolean;
  /** The batch's item codes per row and user codes per record found before its loop (-1: not yet known). */
  private knownItems = new Int32Array(0);
  private knownUsers = new Int32Array(0);

  constructor(ctx: NormaliseContext) {
    super(ctx);
    const { fields, spec } = ctx;
    this.fits =
      FLAT_ORDER.every((f, i) => fields[f] === i) &&
      fields.tsOffset < 0 &&
      fields.returnFlag < 0 &&
      !spec.negativeQuantityIsReturn &&
      !spec.returnPrefix &&
      (spec.nullValues ?? []).length === 0;
  }

  override process(batch: RawBatch): void {
    const flat = batch instanceof ExplodedBatch ? batch.flat : null;
    const of = flat && this.fits ? this.sharedRecords(batch) : null;
    if (!flat || !of) return super.process(batch);
    const c = this.cursorsOf(batch);
    const out = this.ctx.out;
    this.lookUpIds(flat, batch.length);
    this.record = -1;
    for (let r = 0; r < batch.length; r++) {
      const e = of[r];
      if (e === this.record) {
        if (!this.flatItemRow(flat, batch, r)) this.itemRow(batch, r, c);
        continue;
      }
      const before = out.length;
      if (!this.flatRow(flat, batch, r, e)) this.row(batch, r, c);
      this.record = out.length > before ? e : -1;
      if (this.record >= 0) this.hold(before);
    }
  }

  /**
   * Looks up the batch's items and users in one loop each, ahead of its rows: ids seen in earlier batches (most) are
   * then known codes, and the lookups' cache misses overlap. A code found is final (codes never change); an id not
   * found is interned on its row, in row order, so codes keep their first-seen order.
   */
  private lookUpIds(flat: FlatColumns, rows: number): void {
    const records = flat.ms.length;
    if (this.knownItems.length < rows) this.knownItems = new Int32Array(rows * 2);
    if (this.knownUsers.length < records) this.knownUsers = new Int32Array(records * 2);
    const { item, user } = this.ctx.dicts;
    item.lookupSpans(flat.item.buf, flat.item.alt, flat.item.starts, flat.item.ends, rows, this.knownItems);
    user.lookupSpans(flat.user.buf, flat.user.alt, flat.user.starts, flat.user.ends, records, this.knownUsers);
  }

  /**
   * Row r, the first read of record e: false, with nothing counted or written, when the general path must read it
   * (it would be rejected, or has no name); else reads it as SourceNormaliser.row does (its lookups in the same order).
   */
  private flatRow(flat: FlatColumns, batch: RawBatch, r: number, e: number): boolean {
    const { ctx } = this;
    const { name } = flat;
    const n0 = name.starts[e];
    const n1 = name.ends[e];
    if (n1 <= n0) return false;
    let kind = -1;
    if (this.leaveOut) {
      kind = this.eventNames.kindOf(name.buf, n0, n1);
      if (kind < 0) {
        this.counters.leftOut++;
        ctx.counters.leftOut++;
        return true;
      }
    }
    const ts = epochToMs(flat.ms[e]);
    const { user, session } = flat;
    const hasUser = user.ends[e] > user.starts[e];
    const hasSession = session.ends[e] > session.starts[e];
    let quantity = flat.quantity ? flat.quantity[r] : NaN;
    const price = flat.price ? flat.price[r] : NaN;
    if (
      !(ts === ts) ||
      Math.abs(ts) > 8.64e15 ||
      flat.item.ends[r] <= flat.item.starts[r] ||
      (!hasUser && !hasSession) ||
      !fitsPrice(price) ||
      !fitsQuantity(quantity)
    ) {
      if (this.leaveOut) this.eventNames.uncount(); // the general path looks it up again
      return false;
    }
    if (!this.leaveOut) {
      kind = this.eventNames.kindOf(name.buf, n0, n1);
      if (kind < 0) {
        this.eventNames.uncount();
        return false;
      }
    }
    this.counters.read++;
    ctx.counters.read++;
    if (quantity !== quantity) quantity = 1;
    if (kind === EventKind.return) quantity = Math.abs(quantity);
    const d = ctx.dicts;
    const knownItem = this.knownItems[r];
    const item = knownItem >= 0 ? knownItem : internSpan(d.item, flat.item, r);
    let userCode: number;
    let sessionCode: number;
    if (hasUser) {
      const s = user.starts[e];
      const known = this.knownUsers[e];
      userCode =
        known >= 0
          ? known
          : s < 0
            ? d.user.internBytes(user.alt, ~s, user.ends[e])
            : d.user.internBytes(user.buf, s, user.ends[e]);
      sessionCode = hasSession
        ? this.ids.internRememberedSpan(
            d.session,
            session.buf,
            session.starts[e],
            session.ends[e],
            this.sessionOfUser,
            userCode,
          )
        : NONE;
    } else {
      sessionCode = internSpan(d.session, session, e);
      userCode = this.anonymousUser(sessionCode);
    }
    const category = this.category(flat, r, item);
    const order = flat.order ? internSpan(d.order, flat.order, e) : NONE;
    acceptRow(
      this.ctx,
      this.counters,
      batch,
      r,
      Math.round(ts),
      userCode,
      sessionCode,
      item,
      kind,
      price,
      quantity,
      category,
      order,
    );
    return true;
  }

  /** A further row of the record the last accepted row came from: false when the general path must read it. */
  private flatItemRow(flat: FlatColumns, batch: RawBatch, r: number): boolean {
    let quantity = flat.quantity ? flat.quantity[r] : NaN;
    const price = flat.price ? flat.price[r] : NaN;
    if (flat.item.ends[r] <= flat.item.starts[r] || !fitsPrice(price) || !fitsQuantity(quantity)) return false;
    const { ctx, held } = this;
    this.eventNames.countAgain();
    this.counters.read++;
    ctx.counters.read++;
    if (quantity !== quantity) quantity = 1;
    if (held.kind === EventKind.return) quantity = Math.abs(quantity);
    const knownItem = this.knownItems[r];
    const item = knownItem >= 0 ? knownItem : internSpan(ctx.dicts.item, flat.item, r);
    const category = this.category(flat, r, item);
    this.acceptHeld(batch, r, item, price, quantity, category);
    return true;
  }

  private category(flat: FlatColumns, r: number, item: number): number {
    const c = flat.category;
    if (!c) return NONE;
    return this.ids.internRememberedSpan(
      this.ctx.dicts.category,
      c.buf,
      c.starts[r],
      c.ends[r],
      this.categoryOfItem,
      item,
    );
  }
}

/** A price the general path accepts: missing (NaN), or finite and not negative. */
function fitsPrice(p: number): boolean {
  return p !== p || (p >= 0 && p < Infinity);
}

/** A quantity the general path accepts: missing (NaN), or whole and within 32 bits. */
function fitsQuantity(q: number): boolean {
  return q !== q || (Number.isInteger(q) && Math.abs(q) <= MAX_QUANTITY);
}

/** The code of span i (not empty; a span of `alt` where its start is negative). */
function internSpan(dict: Dictionary, t: TextSpans, i: number): number {
  const s = t.starts[i];
  if (t.ends[i] <= (s < 0 ? ~s : s)) return NONE;
  return s < 0 ? dict.internBytes(t.alt, ~s, t.ends[i]) : dict.internBytes(t.buf, s, t.ends[i]);
}
