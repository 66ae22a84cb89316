import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { simulate, type SimulateReport } from "../../src/pipeline/simulate.js";
import { simulateTruth } from "../../src/pipeline/simulate-truth.js";
import { replayEmptyCart, type ReplayReport } from "../../src/pipeline/replay.js";
import { train } from "../../src/pipeline/train.js";
import { replayMarkdown } from "../../src/replay/replay-markdown.js";
import { tempDir } from "../helpers.js";

// The README's shop (cartlift simulate --users 100000 --widget random) replayed with history and covis, as issue 16
// reported it: the hit rates called history the significant winner, and DR's interval for history missed its truth.
const tmp = tempDir();
const data = tmp.path("shop");
let sim: SimulateReport;
let report: ReplayReport;

beforeAll(async () => {
  sim = await simulate({ out: data, config: { users: 100_000 }, widget: { policy: "random" } });
  report = await replayEmptyCart({
    data,
    policies: ["history", "covis"],
    k: 6,
    ttlMs: 86_400_000,
    windows: [{ kind: "session", label: "session" }],
    maxHistory: 50,
    assumptions: { engagementRate: 0.0249, clickToOrder: 0.27 },
    seed: 42,
    resamples: 1000,
    level: 0.95,
    threads: 1,
    exposures: sim.files.exposures,
  });
}, 120_000);

describe("the README example (issue 16)", () => {
  it("replayEmptyCart no longer declares history the significant winner: no * in the report, the validity note instead", () => {
    const md = replayMarkdown(report);
    expect(report.comparison.identifiable).toBe(false);
    expect(md).not.toMatch(/\d\*/);
    expect(md).toContain(report.comparison.note);
    expect(md).toContain("cartlift experiment plan");
  });

  it("off-policy estimates use the 418 logged views of the period and say how many earlier ones were left out", () => {
    expect(report.exposures!.views).toBe(report.moments.moments);
    expect(report.exposures!.views + report.exposures!.viewsBeforePeriod).toBe(627);
  });

  it("DR's interval for history covers history's true clicks per view in the period, or it is withheld", async () => {
    const model = tmp.path("history.model");
    await train({ kind: "history", data, out: model, until: Date.parse(report.since) });
    const perMoment = tmp.path("history-truth.jsonl");
    const all = await simulateTruth({ world: sim.files.world, policy: model, out: perMoment });
    expect(all.expectedClicksPerMoment).toBeCloseTo(0.0168, 4); // the figure, over all 627 moments
    const since = Date.parse(report.since);
    const period = readFileSync(perMoment, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; clicks: number })
      .filter((m) => Date.parse(m.id.split("@")[1]) >= since);
    const truth = period.reduce((s, m) => s + m.clicks, 0) / period.length;
    const history = report.policies[0].offPolicy!;
    const dr = history.clicks.estimates.dr;
    expect(!history.verdict.shown || (dr.low <= truth && truth <= dr.high)).toBe(true);
    // here it is withheld: history's items are mostly outside the random widget's candidates
    expect(history.verdict.shown).toBe(false);
    // DR with its model-uncertainty term: shown only where the family supports it, and then it must hold the truth
    const term = history.verdict.modelTerm.interval;
    expect(!term || (term.low <= truth && truth <= term.high)).toBe(true);
    expect(history.clicks.bounds.low).toBeLessThanOrEqual(truth);
    expect(history.clicks.bounds.high).toBeGreaterThanOrEqual(truth);
  });
});
