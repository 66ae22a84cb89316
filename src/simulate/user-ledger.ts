import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import type { SimEventName } from "./shopper.js";

/**
 * What the simulator did with each user, written as `<events>.users.csv` beside the events: sessions it ran, orders it
 * placed, the items it left in the cart (carted, never removed nor bought) and when the last session touching the cart
 * ended. Segments computed from the ingested log can be checked against it (test/segments/simulated.test.ts).
 */
export class UserLedger {
  private readonly stream: WriteStream;
  private buffer = "user,sessions,orders,cart_items_at_end,last_cart_session_end,last_event\n";
  private sessions = new Set<number>();
  private orders = new Set<number>();
  private cart = new Set<number>();
  private cartSession = -1;
  private cartSessionEnd = NaN;
  private last = NaN;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
  }

  event(ts: number, session: number, event: SimEventName, item: number, order: number): void {
    this.sessions.add(session);
    this.last = ts;
    if (event === "cart_add" || event === "cart_remove" || (event === "purchase" && this.cart.has(item))) {
      if (event === "cart_add") this.cart.add(item);
      else this.cart.delete(item);
      this.cartSession = session;
    }
    if (event === "purchase" && order >= 0) this.orders.add(order);
    if (session === this.cartSession) this.cartSessionEnd = ts;
  }

  /** Closes user u's line (users with no event get none). */
  endUser(u: number): void {
    if (this.sessions.size > 0) {
      const end = this.cartSession >= 0 ? String(Math.round(this.cartSessionEnd)) : "";
      this.buffer += `u${u},${this.sessions.size},${this.orders.size},${this.cart.size},${end},${Math.round(this.last)}\n`;
    }
    this.sessions = new Set();
    this.orders = new Set();
    this.cart = new Set();
    this.cartSession = -1;
    this.cartSessionEnd = NaN;
    this.last = NaN;
  }

  async flushIfFull(): Promise<void> {
    if (this.buffer.length < 1 << 20) return;
    const chunk = this.buffer;
    this.buffer = "";
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    this.stream.end(this.buffer);
    this.buffer = "";
    await once(this.stream, "finish");
  }
}
