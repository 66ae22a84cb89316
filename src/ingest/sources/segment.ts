import type { RecordProblem } from "../../io/raw-batch.js";
import { ExploderBase, missingError, ROW_ITEM, type Row } from "./exploder-base.js";
import { id, keysOf, notAList, num, obj, objects, type Obj } from "./nested-values.js";

/**
 * Segment's e-commerce spec v2 as JSON lines of calls (a warehouse or S3 destination export). Only `track` calls are
 * events: identify, page, screen, group and alias calls are counted and left out. Product events carry one product in
 * `properties`; Checkout Started, Order Completed and Order Refunded carry `properties.products[]` and `order_id`.
 * The user is userId when set, else anonymousId; Segment has no visit id, so the session is the anonymousId (the
 * device), which keeps it beside the user id. A call repeated with the same messageId (a retried delivery) is left out.
 */
export class SegmentExploder extends ExploderBase {
  constructor() {
    super(
      "segment",
      {
        ts: "timestamp",
        event: "event",
        user: "userId|anonymousId",
        session: "anonymousId",
        item: "properties.products[].product_id",
        price: "properties.products[].price",
        quantity: "properties.products[].quantity",
        category: "properties.products[].category",
        order: "properties.order_id",
      },
      [
        "type",
        "event",
        "userId",
        "anonymousId",
        "timestamp",
        "originalTimestamp",
        "receivedAt",
        "messageId",
        "properties",
      ],
    );
  }

  protected checkSample(file: string, sample: Obj[]): void {
    if (!sample.some((r) => r.type === "track"))
      throw missingError(
        file,
        'no "track" call among the first records',
        keysOf(sample),
        "export the tracks (or all calls) of the source",
      );
  }

  explode(r: Obj, emit: (row: Row) => void): string | RecordProblem | null {
    if (r.type !== "track") return this.skip(`notTrackCalls`);
    const messageId = id(r.messageId);
    if (messageId !== null && this.isRepeat(String(messageId))) return "duplicate";
    const anonymous = id(r.anonymousId);
    const user = this.identity(id(r.userId), anonymous);
    const ts = id(r.timestamp) ?? id(r.originalTimestamp) ?? id(r.receivedAt);
    const name = id(r.event);
    const p = obj(r.properties) ?? {};
    const order = id(p.order_id) ?? id(p.checkout_id);
    const products = objects(p.products);
    if (products && products.length > 0) {
      for (const it of products)
        emit([
          ts,
          name,
          user,
          anonymous,
          productId(it),
          num(it.price),
          num(it.quantity),
          id(it.category),
          order,
          anonymous,
        ]);
      return null;
    }
    // a products field that is not a list, on an event with no product of its own, is what the record lacks
    const problem = productId(p) === null ? notAList(p.products, "properties.products", this.columns[ROW_ITEM]) : null;
    if (problem) return problem;
    emit([ts, name, user, anonymous, productId(p), num(p.price), num(p.quantity), id(p.category), order]);
    return null;
  }
}

function productId(p: Obj) {
  return id(p.product_id) ?? id(p.sku) ?? id(p.id);
}
