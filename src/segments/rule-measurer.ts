import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import type { Measure } from "./compiled-rules.js";

/** The custom rules' per-user measures (counts in windows, time since, orders and their value), user-major. */
export class RuleMeasurer {
  values = new Float64Array(0);
  private readonly orderSeen: Int32Array;
  private readonly sessionSeen: Int32Array;
  private stamp = 0;

  constructor(
    private readonly t: EventTable,
    private readonly measures: readonly Measure[],
  ) {
    this.orderSeen = new Int32Array(t.dicts.order.size);
    this.sessionSeen = new Int32Array(t.dicts.session.size);
  }

  reset(users: number): void {
    this.values = new Float64Array(users * this.measures.length);
  }

  /** User u's measures over rows [from, to), all before `at`. */
  measure(u: number, from: number, to: number, at: number): void {
    const { ts, kind, item, category, order, session, price, quantity } = this.t;
    const M = this.measures.length;
    const out = this.values;
    for (let m = 0; m < M; m++) {
      const me = this.measures[m];
      if (me.type === "since") {
        let last = -Infinity;
        for (let i = to - 1; i >= from; i--)
          if (kind[i] === me.kind) {
            last = ts[i];
            break;
          }
        out[u * M + m] = at - last;
        continue;
      }
      const since = at - me.windowMs;
      // Stryker disable next-line UpdateOperator: counting down gives distinct stamps too, none of them the arrays' 0
      const stamp = ++this.stamp;
      let n = 0;
      for (let i = from; i < to; i++) {
        if (me.type === "count") {
          if (kind[i] !== me.kind || ts[i] < since) continue;
          // Stryker disable next-line ConditionalExpression: without the first test, category -1 reads undefined, not 1
          if (me.categories && !(category[i] >= 0 && me.categories[category[i]] === 1)) continue;
          if (me.items && me.items[item[i]] !== 1) continue;
          n++;
        } else if (kind[i] === EventKind.purchase) {
          // an order counts in the window when its first purchase row does
          const o = order[i];
          const seen = o >= 0 ? this.orderSeen : this.sessionSeen;
          const key = o >= 0 ? o : session[i];
          const fresh = seen[key] !== stamp;
          seen[key] = stamp;
          if (ts[i] < since) continue;
          if (me.type === "orders") n += fresh ? 1 : 0;
          else {
            const v = price[i] * quantity[i];
            if (v === v) n += v;
          }
        }
      }
      out[u * M + m] = n;
    }
  }
}
