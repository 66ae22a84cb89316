import { beforeAll, describe, expect, it } from "vitest";
import { simulate } from "../../src/pipeline/simulate.js";
import { replayEmptyCart, type ReplayOptions } from "../../src/pipeline/replay.js";
import { train } from "../../src/pipeline/train.js";
import { liftEstimate } from "../../src/replay/response-model.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir();
const data = tmp.path("shop");
const options = (over: Partial<ReplayOptions> = {}): ReplayOptions => ({
  data,
  policies: ["history", "covis"],
  k: 6,
  ttlMs: 86_400_000,
  windows: [
    { kind: "session", label: "session" },
    { kind: "duration", ms: 7 * 86_400_000, label: "7d" },
  ],
  maxHistory: 50,
  assumptions: { engagementRate: 0.0249, clickToOrder: 0.27 },
  seed: 1,
  resamples: 200,
  level: 0.95,
  threads: 1,
  ...over,
});

beforeAll(async () => {
  // carts often left behind and users who come back: many moments
  await simulate({
    out: data,
    config: { users: 8000, items: 1500, seed: 21, cartRate: 0.05, buyCartedRate: 0.2, cartReturnRate: 0.9 },
  });
}, 60_000);

describe("replayEmptyCart", () => {
  it("replayEmptyCart counts moments that reconcile, and rates with intervals that hold them", async () => {
    const r = await replayEmptyCart(options());
    expect(r.moments.moments).toBeGreaterThan(300);
    expect(r.moments.moments).toBeCloseTo(r.moments.users * r.moments.momentsPerUser, 6);
    for (const p of r.policies)
      for (const w of ["session", "7d"]) {
        const h = p.hits[w];
        expect(h.cartedOrBought.rate).toBeGreaterThanOrEqual(h.bought.rate);
        expect(h.cartedOrBought.low).toBeLessThanOrEqual(h.cartedOrBought.rate);
        expect(h.cartedOrBought.high).toBeGreaterThanOrEqual(h.cartedOrBought.rate);
      }
    // a longer window can only find more
    expect(r.moments.outcomes["7d"].anyRate).toBeGreaterThanOrEqual(r.moments.outcomes.session.anyRate);
    expect(r.policies[0].hits["7d"].cartedOrBought.rate).toBeGreaterThanOrEqual(
      r.policies[0].hits.session.cartedOrBought.rate,
    );
  });

  it("the history policy shows the expired items, so it catches every return to one of them (expired carts are small)", async () => {
    const r = await replayEmptyCart(options({ k: 20 }));
    expect(r.policies[0].hits.session.cartedOrBought.rate).toBeGreaterThanOrEqual(
      r.moments.outcomes.session.expiredItemRate - 1e-12,
    );
    expect(r.moments.outcomes.session.expiredItemRate).toBeGreaterThan(0);
  });

  it("replayEmptyCart refuses a model file trained past the start of the period", async () => {
    const model = tmp.path("all.model");
    await train({ kind: "popular", data, out: model });
    await expect(replayEmptyCart(options({ policies: [model] }))).rejects.toThrow(
      /no --until|seen the test part|after the cut/,
    );
  });

  it("liftEstimate(moments, organic share, order value, assumptions) follows its documented formula", () => {
    const e = liftEstimate(1000, 0.25, 40, { engagementRate: 0.02, clickToOrder: 0.5 });
    expect(e).toEqual({
      impressions: 1000,
      clicks: 20,
      orders: 10,
      organicShare: 0.25,
      incrementalOrders: 7.5,
      revenue: 400,
      incrementalRevenue: 300,
      // each figure x the validity family's true-over-predicted factors (0.45 and 1.71)
      range: {
        orders: { low: expect.closeTo(4.5, 9), high: expect.closeTo(17.1, 9) },
        incrementalOrders: { low: expect.closeTo(3.375, 9), high: expect.closeTo(12.825, 9) },
        revenue: { low: expect.closeTo(180, 9), high: expect.closeTo(684, 9) },
        incrementalRevenue: { low: expect.closeTo(135, 9), high: expect.closeTo(513, 9) },
      },
    });
  });
});

describe("readExposures", () => {
  it("readExposures(file, table) groups rows into slates per user and time, and names file, line and column of a bad value", async () => {
    const { readExposures } = await import("../../src/io/read-exposures.js");
    const { readDataset } = await import("../../src/io/read-dataset.js");
    const { writeFileSync } = await import("node:fs");
    const { table: t } = readDataset(data);
    const user = t.dicts.user.get(t.user[0]);
    const item = t.dicts.item.get(t.item[0]);
    const good = tmp.path("exposures.csv");
    writeFileSync(
      good,
      `ts,user,item,propensity,click,order\n2024-01-05T00:00:00Z,${user},${item},0.5,1,0\n2024-01-05T00:00:00Z,${user},${item},0.5,0,0\n2024-01-05T00:00:00Z,nobody,${item},0.5,0,0\n`,
    );
    const r = readExposures(good, t);
    expect(r.slates).toHaveLength(1);
    expect(r.slates[0].items).toHaveLength(2);
    expect(r.skippedUnknown).toBe(1);
    const bad = tmp.path("bad-exposures.csv");
    writeFileSync(bad, `ts,user,item,propensity,click,order\n2024-01-05T00:00:00Z,${user},${item},1.5,1,0\n`);
    expect(() => readExposures(bad, t)).toThrow(/bad-exposures.csv:2: column "propensity" must be in \(0, 1\]/);
  });
});

describe("writeReplayReport", () => {
  it("writeReplayReport(dir, report) writes report.md and report.json, the same bytes for the same input and seed", async () => {
    const { writeReplayReport } = await import("../../src/pipeline/write-reports.js");
    const { readFileSync } = await import("node:fs");
    writeReplayReport(tmp.path("ra"), await replayEmptyCart(options({ resamples: 100 })));
    writeReplayReport(tmp.path("rb"), await replayEmptyCart(options({ resamples: 100 })));
    for (const f of ["report.md", "report.json"])
      expect(readFileSync(tmp.path(`ra/${f}`)).equals(readFileSync(tmp.path(`rb/${f}`)))).toBe(true);
    const md = readFileSync(tmp.path("ra/report.md"), "utf8");
    expect(md).toContain("## Moments");
    expect(md).toContain("## Window session");
    expect(md).toContain("`history`");
    expect(md).toContain("## Response model and its assumptions");
  });
});

describe("replay on the shipped real samples", () => {
  it("replayEmptyCart on the REES46 sample (three hours: no cart expires) reports zero moments and its period, without failing", async () => {
    const { ingest } = await import("../../src/pipeline/ingest.js");
    const { join } = await import("node:path");
    const { REPO } = await import("../helpers.js");
    const ds = tmp.path("rees46");
    await ingest({
      inputs: [join(REPO, "datasets/rees46-oct2019-sample/rees46-sample.csv")],
      preset: "rees46",
      out: ds,
    });
    const r = await replayEmptyCart(options({ data: ds }));
    expect(r.moments.moments).toBe(0);
    expect(r.moments.users).toBe(0);
    expect(r.policies).toEqual([]);
    expect(r.period.orders).toBeGreaterThan(0);
  });

  it("replayEmptyCart on the OTTO sample (four weeks) finds moments whose counts reconcile", async () => {
    const { ingest } = await import("../../src/pipeline/ingest.js");
    const { join } = await import("node:path");
    const { REPO } = await import("../helpers.js");
    const ds = tmp.path("otto");
    await ingest({ inputs: [join(REPO, "datasets/otto-20-sessions/train_first20.jsonl")], preset: "otto", out: ds });
    const r = await replayEmptyCart(options({ data: ds, since: Date.parse("2022-08-01T00:00:00Z") }));
    expect(r.moments.moments).toBeGreaterThan(0);
    expect(r.moments.moments).toBeCloseTo(r.moments.users * r.moments.momentsPerUser, 9);
    expect(r.policies.map((p) => p.name)).toEqual(["history", "covis"]);
  });
});
