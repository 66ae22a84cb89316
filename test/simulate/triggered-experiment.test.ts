import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { simulate } from "../../src/pipeline/simulate.js";
import { experimentRead } from "../../src/pipeline/experiment-read.js";
import { firstMoments } from "../../src/moments/first-moments.js";
import { userOutcomes } from "../../src/experiment/user-outcomes.js";
import { analyseExperiment } from "../../src/experiment/analyse-experiment.js";
import { assignArm } from "../../src/experiment/assign-arm.js";
import { parseExperiment, type ExperimentConfig } from "../../src/experiment/experiment-config.js";
import { organicShopTable, triggeredShopTable } from "../../src/simulate/triggered-shop.js";
import { triggeredAlerts } from "../../src/simulate/triggered-alerts.js";
import { buildWorld } from "../../src/simulate/world.js";
import { SIM_DEFAULTS, type SimConfig } from "../../src/simulate/sim-config.js";
import type { EventTable } from "../../src/data/event-table.js";
import { tempDir } from "../helpers.js";

const DAY = 86_400_000;
const START = Date.parse("2024-01-01T00:00:00Z");

/** exp.json of a 50/50 experiment over the second and third weeks of a 21-day shop. */
const rawExperiment = (moment: string, salt = "t-1") => ({
  name: `${moment}-test`,
  salt,
  arms: ["control", "treatment"],
  split: [50, 50],
  moment,
  start: "2024-01-08T00:00:00Z",
  end: "2024-01-22T00:00:00Z",
  metric: "conversion",
});
const experiment = (moment: string, salt = "t-1"): ExperimentConfig =>
  parseExperiment(rawExperiment(moment, salt), "exp.json");

/** A shop where people cart, wishlist and buy more than the defaults: more moments and purchases per small shop. */
const BUSY: Partial<SimConfig> = { days: 21, items: 1500, cartRate: 0.03, wishlistRate: 0.02, buyNowRate: 0.02 };

/** The read of an experiment on a table, as `experiment read` does it (hash assignment, the read's default TTL). */
function read(t: EventTable, e: ExperimentConfig) {
  const first = firstMoments(t, e.moment, e.start, e.end, DAY);
  const outcomes = userOutcomes(t, first, e.start, e.end, e.start - (e.end - e.start));
  const armOf = Int8Array.from(outcomes.users, (u) => e.arms.indexOf(assignArm(t.dicts.user.get(u), e)));
  const dataEnd = START + 21 * DAY;
  return analyseExperiment({ experiment: e, outcomes, armOf, exposed: null, dataEnd, assignment: "hash", by: [] });
}

const covers = (interval: readonly number[], x: number) => interval[0] <= x && x <= interval[1];

describe("simulate --experiment with price-drop and abandoned-cart moments: a message with a known effect", () => {
  const tmp = tempDir();

  for (const [moment, users, config] of [
    ["price-drop", 6000, {}],
    ["abandoned-cart", 4000, { cartRate: 0.05 }],
  ] as const)
    it(`simulate(${moment} experiment) writes a truth that experiment read's 95% interval covers, on the same triggered users`, async () => {
      const file = tmp.path(`${moment}.json`);
      const e = experiment(moment);
      writeFileSync(file, JSON.stringify(rawExperiment(moment)));
      const r = await simulate({
        out: tmp.path(moment),
        config: { users, days: 21, seed: 11, ...config },
        experiment: { file },
      });
      const truth = r.experiment!;
      expect(truth.moment).toBe(moment);
      const report = experimentRead({ data: tmp.path(moment), experiment: file });
      expect(report.triggered.total).toBe(truth.triggeredUsers);
      expect(report.triggered.byArm).toEqual(truth.byArm);
      expect(truth.triggeredUsers).toBeGreaterThan(150);
      const conversion = report.metrics.find((m) => m.metric === "conversion")!;
      // control's conversion is the untreated one of its users: the truth's untreated mean is over both arms
      expect(truth.metrics.conversion.trueDifference).toBeGreaterThan(0.005);
      expect(covers(conversion.comparisons[0].interval, truth.metrics.conversion.trueDifference)).toBe(true);
      // the same shop in memory is the file as ingested: the same triggered users, the same outcomes per arm
      const mem = await triggeredShopTable({ users, days: 21, seed: 11, ...config }, e);
      expect(mem.truth).toEqual(truth);
      const again = read(mem.table, e);
      expect(again.triggered).toMatchObject({ total: report.triggered.total, byArm: report.triggered.byArm });
      expect(again.metrics.map((m) => m.means)).toEqual(report.metrics.map((m) => m.means));
    });

  it("triggeredAlerts(the organic shop) gives experiment read's first moments, and messages do not move them", async () => {
    for (const moment of ["price-drop", "abandoned-cart"]) {
      const e = experiment(moment);
      const config = { ...SIM_DEFAULTS, ...BUSY, users: 1500, seed: 5, widget: null };
      const organic = await organicShopTable(buildWorld(config));
      const alerts = triggeredAlerts(organic, e);
      const expected = firstMoments(organic, moment, e.start, e.end, DAY);
      expect(Array.from(alerts.first)).toEqual(Array.from(expected));
      expect(alerts.alerts.size).toBe(expected.filter((x) => !Number.isNaN(x)).length);
      const { table } = await triggeredShopTable({ ...BUSY, users: 1500, seed: 5 }, e);
      expect(table.length).toBeGreaterThan(organic.length);
      expect(Array.from(firstMoments(table, moment, e.start, e.end, DAY))).toEqual(Array.from(expected));
      // control users' outcomes are their organic ones; treated users only gain (message purchases)
      const before = userOutcomes(organic, expected, e.start, e.end, e.start - 14 * DAY);
      const after = userOutcomes(table, expected, e.start, e.end, e.start - 14 * DAY);
      let gained = 0;
      before.users.forEach((u, x) => {
        const b = before.metrics["orders-per-user"].outcome[x];
        const a = after.metrics["orders-per-user"].outcome[x];
        if (assignArm(`u${u}`, e) === "control") expect(a).toBe(b);
        else expect(a).toBeGreaterThanOrEqual(b);
        gained += a - b;
      });
      expect(gained).toBeGreaterThan(0);
    }
  });

  it("simulate(price-drop experiment, order rate 0) has a true difference of 0, and the read's interval covers 0", async () => {
    const e = experiment("price-drop", "null-1");
    const { table, truth } = await triggeredShopTable({ ...BUSY, users: 3000, seed: 21 }, e, { orderRate: 0 });
    for (const m of Object.values(truth.metrics)) expect(m).toMatchObject({ trueDifference: 0, realisedDifference: 0 });
    const report = read(table, e);
    expect(report.triggered.total).toBe(truth.triggeredUsers);
    for (const m of report.metrics.filter((m) => m.metric !== "revenue-per-order"))
      expect(covers(m.comparisons[0].interval, 0), m.metric).toBe(true);
  });

  it("experiment read over 25 and 60 small seeded shops: the 95% interval covers the true conversion difference in at least 90%", async () => {
    const started = performance.now();
    // (the carts' shop: about 250 triggered users per shop, where the price drops' has about 310)
    for (const [moment, seeds, config] of [
      ["price-drop", 25, BUSY],
      ["abandoned-cart", 60, { days: 21, items: 1500, cartRate: 0.1 }],
    ] as const) {
      let covered = 0;
      const users = 1500;
      for (let s = 0; s < seeds; s++) {
        const e = experiment(moment, `cov-${s}`);
        const { table, truth } = await triggeredShopTable({ ...config, users, seed: 500 + s }, e);
        const conversion = read(table, e).metrics.find((m) => m.metric === "conversion")!;
        if (covers(conversion.comparisons[0].interval, truth.metrics.conversion.trueDifference)) covered++;
      }
      expect(covered / seeds, moment).toBeGreaterThanOrEqual(0.9);
    }
    expect(performance.now() - started).toBeLessThan(40_000); // about 17 s on a loaded 2-core machine
  }, 120_000);
});
