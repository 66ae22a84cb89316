import type { RawBatch } from "../io/raw-batch.js";
import type { NormaliseContext } from "./normalize.js";

/**
 * Writes one accepted row to the output columns and counts it, for the normaliser (`own`) and for the ingest: the one
 * place every normaliser path (row by row, the rows of a record, the flat loop) accepts a row.
 */
export function acceptRow(
  ctx: NormaliseContext,
  own: { accepted: number },
  batch: RawBatch,
  r: number,
  ts: number,
  user: number,
  session: number,
  item: number,
  kind: number,
  price: number,
  quantity: number,
  category: number,
  order: number,
): void {
  const out = ctx.out;
  out.reserve();
  const i = out.length++;
  out.ts[i] = ts;
  out.user[i] = user;
  out.session[i] = session;
  out.item[i] = item;
  out.kind[i] = kind;
  out.price[i] = price;
  out.quantity[i] = quantity;
  out.category[i] = category;
  out.order[i] = order;
  out.source[i] = ctx.sourceIndex;
  out.line[i] = batch.line(r);
  own.accepted++;
  ctx.counters.accepted++;
  ctx.counters.byKind[kind]++;
}
