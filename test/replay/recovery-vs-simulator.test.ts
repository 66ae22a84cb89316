import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readDataset } from "../../src/io/read-dataset.js";
import { abandonedCartMoments } from "../../src/moments/abandoned-cart-moments.js";
import { datasetSourceFile, simulate } from "../../src/pipeline/simulate.js";
import { followUp, recoveryCurve } from "../../src/replay/natural-recovery.js";
import { maxTs } from "../../src/replay/period-figures.js";
import { SIM_DEFAULTS } from "../../src/simulate/sim-config.js";
import { normalQuantile } from "../../src/stats/normal.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir();
const DAY = 86_400_000;
const TTL = 30 * DAY; // longer than the log: no cart expires, so the follow-up ends only with the data

/**
 * The simulator's known return-time distribution after a session that leaves items in the cart: the user comes back
 * with probability cartReturnRate, after max(10 min, lognormal(median returnMedianDays, sigma 1)) (shopper.ts), plus
 * the seconds between the session's last event and its end (negligible against days). Its median solves
 * cartReturnRate x Phi(ln(d / median)) = 1/2.
 */
function knownMedianHours(): number {
  const { cartReturnRate, returnMedianDays } = SIM_DEFAULTS;
  const z = normalQuantile(0.5 / cartReturnRate);
  return returnMedianDays * 24 * Math.exp(z);
}

describe("natural recovery on simulated shops", () => {
  it("recoveryCurve(next visit) holds the simulator's known median return time (its distribution's, and its record's) in its interval in at least 9 of 10 seeds", async () => {
    const truth = knownMedianHours();
    expect(truth).toBeGreaterThan(48); // about 84 h: inside a 14-day log, with censoring at its end
    const rows: string[] = [];
    let held = 0;
    let heldRecord = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const out = tmp.path(`shop-${seed}`);
      await simulate({
        out,
        config: { users: 2500, items: 600, seed, cartRate: 0.05, buyCartedRate: 0.3, cartTtlMs: TTL },
      });
      const { table: t } = readDataset(out);
      const { moments } = abandonedCartMoments(t, TTL);
      const f = followUp(t, moments, maxTs(t));
      const c = recoveryCurve(f.time.nextVisit, f.happened.nextVisit);
      const m = c.medianHours;
      const censored = c.abandonments - c.events;
      expect(censored).toBeGreaterThan(0.2 * c.abandonments); // the end of the log censors many follow-ups
      const holds = (x: number) => m.low !== null && m.low <= x && (m.high === null || x <= m.high);
      if (holds(truth)) held++;
      // the simulator's record of these very abandonments: each one's true return time, even past the log's end
      const record = readFileSync(datasetSourceFile(out).replace(/\.csv$/, ".cart-moments.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { moment: string; ts: number; returnAt: number | null })
        .filter((r) => r.moment === "abandoned-cart");
      expect(record.length).toBe(c.abandonments);
      const gaps = record.map((r) => (r.returnAt === null ? Infinity : (r.returnAt - r.ts) / 3_600_000));
      const recordMedian = gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
      if (holds(recordMedian)) heldRecord++;
      rows.push(`${seed}: ${m.value} [${m.low}, ${m.high}] of ${c.abandonments}; uncensored ${recordMedian}`);
    }
    expect(held, rows.join("\n")).toBeGreaterThanOrEqual(9);
    expect(heldRecord, rows.join("\n")).toBeGreaterThanOrEqual(9);
  }, 180_000);
});
