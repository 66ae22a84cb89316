import { ByteLineWriter } from "./byte-line-writer.js";

/**
 * Rows of a generated event log (cartlift simulate), whatever the file format. Ids are written as
 * u<user>, u<user>-<session>, i<item>, c<category>, o<user>-<order> (no order: empty).
 */
export interface EventRowSink {
  row(
    ts: number,
    user: number,
    session: number,
    event: string,
    item: number,
    category: number,
    price: number,
    order: number,
  ): void;
  flushIfFull(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_ROW_COLUMNS = [
  "ts",
  "user",
  "session",
  "event",
  "item",
  "category",
  "price",
  "quantity",
  "order",
] as const;

/** CSV rows, written as bytes (no string per field). */
export function csvEventRows(path: string): EventRowSink {
  const out = new ByteLineWriter(path, EVENT_ROW_COLUMNS.join(","));
  return {
    row(ts, user, session, event, item, category, price, order) {
      out
        .iso(ts)
        .ascii(",u")
        .int(user)
        .ascii(",u")
        .int(user)
        .byte(45)
        .int(session)
        .byte(44)
        .ascii(event)
        .ascii(",i")
        .int(item)
        .ascii(",c")
        .int(category)
        .byte(44)
        .money(price)
        .ascii(",1,");
      if (order >= 0) out.byte(111).int(user).byte(45).int(order);
      out.end();
    },
    flushIfFull: () => out.flushIfFull(),
    close: () => out.close(),
  };
}
