import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import type { UserFacts } from "./eval-case.js";

export function userFacts(t: EventTable): UserFacts {
  const n = t.dicts.user.size;
  const firstTs = new Float64Array(n).fill(Infinity);
  const firstCartTs = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < t.length; i++) {
    const u = t.user[i];
    if (t.ts[i] < firstTs[u]) firstTs[u] = t.ts[i];
    if (t.kind[i] === EventKind.cart_add && t.ts[i] < firstCartTs[u]) firstCartTs[u] = t.ts[i];
  }
  return { firstTs, firstCartTs };
}
