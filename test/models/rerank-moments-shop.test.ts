import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/pipeline/evaluate.js";
import { simulate } from "../../src/pipeline/simulate.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir();
const data = tmp.path("moment-shop");
// a seeded shop with more carts and returns to expired carts than the default, so that a 7-day label window holds a
// few hundred empty-cart moments with a target (the default shop of this size has about 50)
const SHOP = { users: 15_000, seed: 3, cartRate: 0.06, resumeRate: 0.8, resumeCartRate: 0.6, cartReturnRate: 0.9 };
const QUICK = "item2vec=false,ranker-epochs=5,hidden=8";

beforeAll(async () => {
  await simulate({ out: data, config: SHOP });
}, 120_000);

describe("rerank trained on a moment protocol", () => {
  it("evaluate(empty-cart): rerank[label-protocol=empty-cart] beats covis on the empty-cart cases, paired MRR@20 interval above zero", async () => {
    const report = await evaluate({
      data,
      models: ["covis", `rerank[label-window=7d,label-protocol=empty-cart,${QUICK}]`],
      protocol: "empty-cart",
      ks: [20],
      testShare: 0.25,
      seed: 42,
      resamples: 1000,
      level: 0.95,
      target: "purchase",
      horizonMs: Infinity,
      maxHistory: 50,
      ttlMs: 86_400_000,
    });
    expect(report.cases).toBeGreaterThan(200);
    const rerank = report.models[1];
    const run = rerank.run!.rerank as { protocol: string; trainQueries: number; labelWindows: { moments: unknown }[] };
    expect(run.protocol).toBe("empty-cart");
    expect(run.trainQueries).toBeGreaterThanOrEqual(200);
    expect(run.labelWindows[0].moments).toMatchObject({ found: expect.any(Number) });
    const vs = rerank.vsBaseline!["MRR@20"];
    expect(vs.low).toBeGreaterThan(0);
  }, 300_000);
});
