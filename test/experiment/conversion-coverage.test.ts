import { describe, expect, it } from "vitest";
import { analyseExperiment } from "../../src/experiment/analyse-experiment.js";
import { assignArm } from "../../src/experiment/assign-arm.js";
import { parseExperiment } from "../../src/experiment/experiment-config.js";
import { userOutcomes } from "../../src/experiment/user-outcomes.js";
import { firstMoments } from "../../src/moments/first-moments.js";
import { triggeredShopTable } from "../../src/simulate/triggered-shop.js";

const DAY = 86_400_000;

/**
 * The no-effect price-drop shops of `npm run bench:price-drop-experiment -- --moment price-drop --busy --null` (order
 * rate 0: the messages never convert, the truth is exactly 0), read as `experiment read` reads them.
 * Measured on seeds 500-559: the interval holds 0 in 56 of 60 shops (93.3%), where the Wald interval it replaced held 0
 * in 53 (88.3%). Over 1,000 such shops (seeds 500-1499, the bench with --seeds 1000) the figures are 96.2% and 94.2%.
 * Binomial noise on 60 shops near 95% is about 2.8 points (one standard error), so this checks the seeded shops,
 * not the level: the bar (>= 93%) is the measured count, which the Wald interval misses. About 23 s on the shared
 * 2-core machine at a load average of 15.
 */
describe("experiment read's conversion interval on small no-effect shops", () => {
  it("analyseExperiment's 95% conversion interval holds 0 in >= 93% of 60 seeded no-effect price-drop shops", async () => {
    let newcombe = 0;
    let wald = 0;
    const seeds = 60;
    for (let s = 0; s < seeds; s++) {
      const e = parseExperiment(
        {
          name: "coverage",
          salt: `cov-${s}`,
          arms: ["control", "treatment"],
          split: [50, 50],
          moment: "price-drop",
          start: "2024-01-08T00:00:00Z",
          end: "2024-01-22T00:00:00Z",
          metric: "conversion",
        },
        "exp.json",
      );
      const config = { days: 21, items: 1500, cartRate: 0.03, wishlistRate: 0.02, buyNowRate: 0.02 };
      const { table: t, truth } = await triggeredShopTable({ ...config, users: 1500, seed: 500 + s }, e, {
        orderRate: 0,
      });
      expect(truth.metrics.conversion.trueDifference).toBe(0);
      const first = firstMoments(t, e.moment, e.start, e.end, DAY);
      const outcomes = userOutcomes(t, first, e.start, e.end, e.start - (e.end - e.start));
      const armOf = Int8Array.from(outcomes.users, (u) => e.arms.indexOf(assignArm(t.dicts.user.get(u), e)));
      const r = analyseExperiment({
        experiment: e,
        outcomes,
        armOf,
        exposed: null,
        dataEnd: e.end,
        assignment: "hash",
        by: [],
      });
      const m = r.metrics.find((x) => x.metric === "conversion")!;
      const c = m.comparisons[0];
      if (c.interval[0] <= 0 && 0 <= c.interval[1]) newcombe++;
      // the Wald interval this read gave before: difference +- 1.96 unpooled standard errors
      const [pc, pt] = [m.means.control, m.means.treatment];
      const [nc, nt] = [r.triggered.byArm.control, r.triggered.byArm.treatment];
      if (Math.abs(c.difference) <= 1.959963985 * Math.sqrt((pc * (1 - pc)) / nc + (pt * (1 - pt)) / nt)) wald++;
    }
    expect(newcombe / seeds).toBeGreaterThanOrEqual(0.93);
    expect(wald).toBeLessThan(newcombe);
  }, 120_000);
});
