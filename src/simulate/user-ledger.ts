import type { SimEventName } from "./shopper.js";

/**
 * What the simulator did with each user, written as `<events>.users.csv` beside the events: sessions it ran, orders it
 * placed, the items it left in the cart (carted, never removed nor bought) and when the last session touching the cart
 * ended. Segments computed from the ingested log can be checked against it (test/segments/simulated.test.ts).
 */
export class UserLedger {
  private sessions = new Set<number>();
  private orders = new Set<number>();
  private cart = new Set<number>();
  private cartSession = -1;
  private cartSessionEnd = NaN;
  private last = NaN;

  /** `out` takes one CSV line at a time (the caller owns the file). */
  constructor(private readonly out: { line(text: string): void }) {
    out.line("user,sessions,orders,cart_items_at_end,last_cart_session_end,last_event");
  }

  event(ts: number, session: number, event: SimEventName, item: number, order: number): void {
    this.sessions.add(session);
    // the latest, not the last written: a drop's reaction events are drawn after the user's organic ones
    if (!(this.last >= ts)) this.last = ts;
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
      this.out.line(
        `u${u},${this.sessions.size},${this.orders.size},${this.cart.size},${end},${Math.round(this.last)}`,
      );
    }
    this.sessions = new Set();
    this.orders = new Set();
    this.cart = new Set();
    this.cartSession = -1;
    this.cartSessionEnd = NaN;
    this.last = NaN;
  }
}
