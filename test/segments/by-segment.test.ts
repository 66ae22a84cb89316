import { beforeAll, describe, expect, it } from "vitest";
import { evaluate, type EvaluateOptions } from "../../src/pipeline/evaluate.js";
import { simulate } from "../../src/pipeline/simulate.js";
import { replayEmptyCart } from "../../src/pipeline/replay.js";
import { liftEstimate } from "../../src/replay/response-model.js";
import { replayMarkdown } from "../../src/replay/replay-markdown.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-by-segment-");
const data = tmp.path("shop");
const options = (over: Partial<EvaluateOptions>): EvaluateOptions => ({
  data,
  models: ["popular", "history"],
  protocol: "session-next",
  ks: [10],
  seed: 42,
  resamples: 100,
  level: 0.95,
  target: "purchase",
  horizonMs: Infinity,
  maxHistory: 50,
  ttlMs: 24 * 3_600_000,
  threads: 1,
  by: ["segment"],
  ...over,
});

beforeAll(async () => {
  // carts often left behind and users who come back: empty-cart moments to replay
  await simulate({
    out: data,
    config: { users: 1500, items: 300, days: 21, seed: 3, cartRate: 0.05, buyCartedRate: 0.2, cartReturnRate: 0.9 },
  });
}, 60_000);

describe("evaluate --by segment", () => {
  it("evaluate(by: segment) puts each case in exactly one lifecycle bucket, with bootstrap intervals that hold the means", async () => {
    const r = await evaluate(options({}));
    for (const m of r.models) {
      const lifecycle = m.breakdowns.find((b) => b.name === "lifecycle segment")!;
      expect(lifecycle.buckets.reduce((a, b) => a + b.cases, 0)).toBe(r.cases);
      const rfm = m.breakdowns.find((b) => b.name === "RFM group")!;
      expect(rfm.buckets.reduce((a, b) => a + b.cases, 0)).toBe(r.cases);
      const intent = m.breakdowns.find((b) => b.name === "intent segment")!;
      expect(intent.buckets.reduce((a, b) => a + b.cases, 0)).toBeGreaterThanOrEqual(r.cases); // several per case
      for (const b of [...lifecycle.buckets, ...intent.buckets, ...rfm.buckets]) {
        const [low, high] = b.intervals!["HR@10"];
        expect(low).toBeLessThanOrEqual(b.values["HR@10"] + 1e-12);
        expect(high).toBeGreaterThanOrEqual(b.values["HR@10"] - 1e-12);
      }
      // the buckets' case-weighted means give back the headline figure
      const weighted = lifecycle.buckets.reduce((a, b) => a + b.cases * b.values["HR@10"], 0) / r.cases;
      expect(weighted).toBeCloseTo(m.values["HR@10"], 10);
    }
  }, 60_000);

  it("evaluate(user-holdout, by: segment) finds every user in a lifecycle stage at the cut (none absent)", async () => {
    const r = await evaluate(options({ protocol: "user-holdout" }));
    const lifecycle = r.models[0].breakdowns.find((b) => b.name === "lifecycle segment")!;
    expect(lifecycle.buckets.map((b) => b.label)).not.toContain("absent");
    expect(lifecycle.buckets.reduce((a, b) => a + b.cases, 0)).toBe(r.cases);
  }, 60_000);
});

describe("replay --by segment", () => {
  it("replayEmptyCart(by: segment) splits every moment's hit rates and money figures by segment, with intervals", async () => {
    const assumptions = { engagementRate: 0.0249, clickToOrder: 0.27 };
    const r = await replayEmptyCart({
      data,
      policies: ["history", "popular"],
      k: 6,
      ttlMs: 86_400_000,
      windows: [{ kind: "duration", ms: 7 * 86_400_000, label: "7d" }],
      maxHistory: 50,
      assumptions,
      seed: 1,
      resamples: 100,
      level: 0.95,
      threads: 1,
      by: ["segment"],
    });
    expect(r.moments.moments).toBeGreaterThan(20);
    const lifecycle = r.bySegment!["7d"].find((b) => b.name === "lifecycle segment")!;
    expect(lifecycle.buckets.reduce((a, b) => a + b.cases, 0)).toBe(r.moments.moments);
    // a moment's user came back after a cart: never absent at the moment
    expect(lifecycle.buckets.map((b) => b.label)).not.toContain("absent");
    for (const p of r.policies) {
      const key = `${p.name} cartedOrBought`;
      const weighted = lifecycle.buckets.reduce((a, b) => a + b.cases * b.values[key], 0) / r.moments.moments;
      expect(weighted).toBeCloseTo(p.hits["7d"].cartedOrBought.rate, 10);
      for (const b of lifecycle.buckets) {
        expect(b.intervals![key][0]).toBeLessThanOrEqual(b.values[key] + 1e-12);
        expect(b.intervals![key][1]).toBeGreaterThanOrEqual(b.values[key] - 1e-12);
        const e = liftEstimate(b.cases, b.values[`${p.name} bought`], p.meanShownPrice, assumptions);
        expect(b.values[`${p.name} incrementalRevenue`]).toBeCloseTo(e.incrementalRevenue, 1);
      }
    }
    // report.md shows the same buckets: a table per dimension, a row per bucket with its moments and the rates
    const md = replayMarkdown(r);
    expect(md).toContain("## By segment");
    const section = md.slice(md.indexOf("### lifecycle segment, window 7d"));
    const rows = section
      .split("\n")
      .filter((l) => l.startsWith("| ") && !l.startsWith("| lifecycle") && !l.startsWith("| ---"));
    const lines = rows.slice(0, lifecycle.buckets.length);
    lifecycle.buckets.forEach((b, x) => {
      const cells = lines[x].split(" | ");
      expect(cells[0]).toBe(`| ${b.label}`);
      expect(cells[1]).toBe(b.cases.toLocaleString("en-US"));
      expect(cells[2]).toBe(
        `${(b.values["history cartedOrBought"] * 100).toFixed(2)}%` +
          ` [${(b.intervals!["history cartedOrBought"][0] * 100).toFixed(2)}%, ${(b.intervals!["history cartedOrBought"][1] * 100).toFixed(2)}%]`,
      );
    });
    expect(md).toContain("### intent segment, window 7d");
    expect(md).toContain("### RFM group, window 7d");
  }, 60_000);
});
