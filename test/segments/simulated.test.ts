import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { simulate } from "../../src/pipeline/simulate.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { segmentsAt } from "../../src/segments/segments-at.js";
import { Intent, LIFECYCLE_STAGES } from "../../src/segments/segment-names.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-segments-sim-");
const DAY = 86_400_000;

describe("segments of a simulated shop", () => {
  it("segmentsAt(end of data) agrees with what the simulator did to every user (sessions, orders, cart left)", async () => {
    const report = await simulate({ out: tmp.path("shop"), config: { users: 3000, items: 400, days: 40, seed: 7 } });
    const { table } = readDataset(tmp.path("shop"));
    let last = -Infinity;
    for (let i = 0; i < table.length; i++) last = Math.max(last, table.ts[i]);
    const at = last + 1;
    const s = segmentsAt(table, at);
    const truth = readFileSync(report.files.users, "utf8").trim().split("\n").slice(1);
    expect(truth.length).toBe(s.present);
    const tally: Record<string, number> = {};
    let abandoners = 0;
    for (const line of truth) {
      const [user, sessions, orders, cartItems, cartEnd] = line.split(",");
      const u = table.dicts.user.lookup(user);
      const expected =
        Number(orders) >= 2
          ? "repeat-buyer"
          : Number(orders) === 1
            ? "first-time-buyer"
            : Number(sessions) >= 2
              ? "returning-visitor"
              : "new-visitor";
      expect(LIFECYCLE_STAGES[s.lifecycle[u]], user).toBe(expected);
      tally[expected] = (tally[expected] ?? 0) + 1;
      const abandoned = Number(cartItems) > 0 && at - Number(cartEnd) <= 7 * DAY;
      expect(((s.intent[u] >> Intent.cartAbandoner) & 1) === 1, user).toBe(abandoned);
      abandoners += abandoned ? 1 : 0;
    }
    // users who never came back and users who did, buyers and repeat buyers: every stage is exercised
    for (const stage of LIFECYCLE_STAGES) expect(tally[stage], stage).toBeGreaterThan(0);
    expect(abandoners).toBeGreaterThan(0);
  });
});
