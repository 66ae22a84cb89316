import { Dictionary } from "../data/dictionary.js";
import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import { grown } from "../data/grow-array.js";
import { permute, sortByUserTime } from "../data/sort-events.js";
import type { ShopperSink } from "./shopper.js";

/**
 * A simulated shop's events kept in memory as the event table that ingesting its file would give: times rounded to
 * the millisecond and prices to the cent (as the file writes them), one quantity, sorted by user, then time, then
 * emission order (the file's order). Users are coded by their number (u0, u1, ...), items and categories by theirs;
 * sessions and orders get a code per (user, number). The simulator reads its own shop with it: the moments a
 * triggered experiment detects (`triggered-experiment.ts`) are those `experiment read` detects in the file.
 */
export class ShopTable {
  private n = 0;
  private ts = new Float64Array(1 << 16);
  private user = new Int32Array(1 << 16);
  private session = new Int32Array(1 << 16);
  private item = new Int32Array(1 << 16);
  private kind = new Uint8Array(1 << 16);
  private price = new Float64Array(1 << 16);
  private category = new Int32Array(1 << 16);
  private order = new Int32Array(1 << 16);
  private sessions: string[] = [];
  private orders: string[] = [];
  private sessionCode = new Map<number, number>();
  private orderCode = new Map<number, number>();
  private lastUser = -1;

  constructor(
    private readonly users: number,
    private readonly items: number,
    private readonly itemCategory: Int32Array,
  ) {}

  /** The sink that records every event it is given. */
  readonly sink: ShopperSink = {
    event: (ts, user, session, event, item, price, order) => {
      if (user !== this.lastUser) {
        this.lastUser = user;
        this.sessionCode.clear();
        this.orderCode.clear();
      }
      const i = this.n++;
      if (i >= this.ts.length) this.grow(i + 1);
      this.ts[i] = Math.round(ts);
      this.user[i] = user;
      this.session[i] = this.code(this.sessionCode, this.sessions, session, `u${user}-${session}`);
      this.item[i] = item;
      this.kind[i] = EventKind[event];
      this.price[i] = Math.round(price * 100) / 100;
      this.category[i] = this.itemCategory[item];
      this.order[i] = order < 0 ? -1 : this.code(this.orderCode, this.orders, order, `ou${user}-${order}`);
    },
  };

  /** The table of the events so far. */
  table(): EventTable {
    const n = this.n;
    const order = sortByUserTime(this.user, this.ts, n, this.users);
    const ints = (n: number) => new Int32Array(n);
    const nCategories = this.itemCategory.reduce((m, c) => Math.max(m, c + 1), 0);
    return {
      length: n,
      ts: permute(this.ts.subarray(0, n), order, (n) => new Float64Array(n)),
      user: permute(this.user.subarray(0, n), order, ints),
      session: permute(this.session.subarray(0, n), order, ints),
      item: permute(this.item.subarray(0, n), order, ints),
      kind: permute(this.kind.subarray(0, n), order, (n) => new Uint8Array(n)),
      price: permute(this.price.subarray(0, n), order, (n) => new Float64Array(n)),
      quantity: new Int32Array(n).fill(1),
      category: permute(this.category.subarray(0, n), order, ints),
      order: permute(this.order.subarray(0, n), order, ints),
      dicts: {
        user: Dictionary.fromStrings(Array.from({ length: this.users }, (_, u) => `u${u}`)),
        session: Dictionary.fromStrings(this.sessions),
        item: Dictionary.fromStrings(Array.from({ length: this.items }, (_, i) => `i${i}`)),
        category: Dictionary.fromStrings(Array.from({ length: nCategories }, (_, c) => `c${c}`)),
        order: Dictionary.fromStrings(this.orders),
      },
    };
  }

  private code(codes: Map<number, number>, names: string[], key: number, name: string): number {
    let c = codes.get(key);
    if (c === undefined) {
      c = names.length;
      names.push(name);
      codes.set(key, c);
    }
    return c;
  }

  private grow(need: number): void {
    this.ts = grown(this.ts, need);
    this.user = grown(this.user, need);
    this.session = grown(this.session, need);
    this.item = grown(this.item, need);
    this.kind = grown(this.kind, need);
    this.price = grown(this.price, need);
    this.category = grown(this.category, need);
    this.order = grown(this.order, need);
  }
}
