import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { simulate } from "../../src/pipeline/simulate.js";
import { tempDir } from "../helpers.js";

describe("simulate --drop-effect: the truth", () => {
  const tmp = tempDir();

  it("simulate(drop effect p) gives an expected effect of at most p x the share that would not have bought anyway, near the realised one", async () => {
    const p = 0.3;
    const r = await simulate({ out: tmp.path("drops"), config: { users: 10_000, seed: 3, priceDropEffect: p } });
    const truth = r.priceDrop!;
    for (const signal of ["wishlisted", "carted"] as const) {
      const { pairs, windows } = truth.bySignal[signal];
      expect(pairs).toBeGreaterThan(5);
      for (const w of ["7d", "14d"]) {
        const { effect, expectedEffect, withoutDrop, withDrop } = windows[w];
        // each pair that would not have bought anyway reacts in time with chance p, less only for drops in the
        // log's last 3 days (a few of 28): between 0.75 and 1 times p x (1 - withoutDrop)
        expect(expectedEffect).toBeLessThanOrEqual(p * (1 - withoutDrop) + 1e-12);
        expect(expectedEffect).toBeGreaterThanOrEqual(0.75 * p * (1 - withoutDrop));
        // the realised share is a draw around it: within four standard errors
        const se = Math.sqrt((expectedEffect * (1 - expectedEffect)) / pairs);
        expect(Math.abs(effect - expectedEffect)).toBeLessThanOrEqual(4 * se);
        expect(withDrop).toBeCloseTo(withoutDrop + effect, 12);
      }
    }
  });

  it("simulate(drop effect p)'s users.csv gives each user's latest event, though reactions are drawn after the rest", async () => {
    const r = await simulate({ out: tmp.path("ledger.csv"), config: { users: 2000, seed: 3, priceDropEffect: 0.3 } });
    const latest = new Map<string, number>();
    for (const line of readFileSync(r.files.events, "utf8").trim().split("\n").slice(1)) {
      const [ts, user] = line.split(",");
      latest.set(user, Math.max(latest.get(user) ?? -Infinity, Date.parse(ts)));
    }
    const rows = readFileSync(r.files.users, "utf8").trim().split("\n").slice(1);
    expect(rows.length).toBe(latest.size);
    for (const row of rows) {
      const cells = row.split(",");
      expect(Number(cells[5]), cells[0]).toBe(latest.get(cells[0]));
    }
  });

  it("simulate(drop effect 0) has no effect, realised or expected", async () => {
    const r = await simulate({ out: tmp.path("none"), config: { users: 3000, seed: 3, priceDropEffect: 0 } });
    for (const signal of ["wishlisted", "carted"] as const)
      for (const w of ["7d", "14d"])
        expect(r.priceDrop!.bySignal[signal].windows[w]).toMatchObject({ effect: 0, expectedEffect: 0 });
  });
});
