import { describe, expect, it } from "vitest";
import type { LoggedSlate } from "../../src/io/read-exposures.js";
import { offPolicy, offPolicySeries } from "../../src/replay/off-policy.js";
import { contextualRewardModel } from "../../src/replay/estimators/reward-model.js";
import { timeline } from "../moments/timeline.js";

const slate = (items: number[], propensity: number[], click: number[]): LoggedSlate => ({
  user: 0,
  ts: 0,
  event: 0,
  items: Int32Array.from(items),
  propensity: Float64Array.from(propensity),
  click: Uint8Array.from(click),
  order: new Uint8Array(items.length),
});
const run = (slates: LoggedSlate[], mine: number[][]) =>
  offPolicy(
    slates,
    mine.map((s) => Int32Array.from(s)),
    "click",
    Int32Array.from(slates, (_, v) => v),
    slates.length,
    { resamples: 50, level: 0.9, seed: 1 },
  );

/**
 * Two logged views: items 1 (propensity 0.5, clicked) and 2 (0.25) at view 0; 1 (0.5) and 3 (0.5, clicked) at view 1.
 * The new policy shows [1, 4] at view 0 and [3, 5, 6] at view 1.
 * By hand: 4 shows, 2 clicks, prior 0.5; smoothed rates (hits + 10 x 0.5) / (shows + 10): item 1 6/12 = 0.5,
 * item 2 5/11, item 3 6/11, unlogged items 0.5. Slate size (2 + 3) / 2 = 2.5; one matched item per view, each of
 * weight 2 and clicked: IPS 2 per view, weight 2 per view, overlap 2 / 5.
 */
function world() {
  return {
    slates: [slate([1, 2], [0.5, 0.25], [1, 0]), slate([1, 3], [0.5, 0.5], [0, 1])],
    mine: [
      [1, 4],
      [3, 5, 6],
    ],
  };
}

describe("offPolicy on a hand-computed log", () => {
  it("offPolicySeries(...) gives the per-view terms computed by hand", () => {
    const w = world();
    const s = offPolicySeries(
      w.slates,
      w.mine.map((m) => Int32Array.from(m)),
      "click",
    );
    expect([s.slateSize, s.overlap]).toEqual([2.5, 0.4]);
    expect(Array.from(s.logging)).toEqual([1, 1]);
    expect(Array.from(s.ips)).toEqual([2, 2]);
    expect(Array.from(s.weight)).toEqual([2, 2]);
    // DM: view 0: 0.5 + 0.5; view 1: 6/11 + 0.5 + 0.5
    expect(s.dm[0]).toBeCloseTo(1, 12);
    expect(s.dm[1]).toBeCloseTo(1 + 6 / 11, 12);
    // DR: DM + 2 x (click - rate): view 0 1 + 2 x 0.5 = 2; view 1 1 + 6/11 + 2 x 5/11 = 27/11
    expect(s.dr[0]).toBeCloseTo(2, 12);
    expect(s.dr[1]).toBeCloseTo(27 / 11, 12);
    expect(s.lift[0]).toBeCloseTo(1, 12);
    expect(s.lift[1]).toBeCloseTo(16 / 11, 12);
  });

  it("offPolicy(...) takes support, bounds, replay, SNIPS and the lift over logging from those terms", () => {
    const w = world();
    const r = run(w.slates, w.mine);
    expect(r.views).toBe(2);
    expect(r.overlap).toBe(0.4);
    // support: mean weight 2 / slate size 2.5
    expect(r.support).toBeCloseTo(0.8, 12);
    // unsupported: (1 - 0.8) x 2.5 x the highest logged rate 6/11 = 3/11; IPS is 2 at both views (interval [2, 2])
    expect(r.bounds.value).toBeCloseTo(2 + 3 / 22, 12);
    expect(r.bounds.low).toBeCloseTo(2, 12);
    expect(r.bounds.high).toBeCloseTo(2 + 3 / 11, 12);
    // replay: 2 clicks of 2 matched items x 2.5; SNIPS: IPS 4 / weight 4 x 2.5
    expect(r.estimates.replay.value).toBeCloseTo(2.5, 12);
    expect(r.estimates.snips.value).toBeCloseTo(2.5, 12);
    expect(r.estimates.ips.value).toBeCloseTo(2, 12);
    expect(r.logging.value).toBe(1);
    expect(r.liftOverLogging.value).toBeCloseTo((1 + 16 / 11) / 2, 12);
    expect(r.estimates.dr.value).toBeCloseTo((2 + 27 / 11) / 2, 12);
  });

  it("offPolicy(...) intervals come from the bootstrap over views: fixed where every view agrees, within the views' range", () => {
    const w = world();
    const r = run(w.slates, w.mine);
    const span = (e: { low: number; high: number }) => [e.low, e.high];
    // every resample of two identical views gives the same ratio: replay and SNIPS 1 x 2.5, logging 1, IPS 2
    expect(span(r.estimates.replay).map((x) => x.toFixed(12))).toEqual(["2.500000000000", "2.500000000000"]);
    expect(span(r.estimates.snips).map((x) => x.toFixed(12))).toEqual(["2.500000000000", "2.500000000000"]);
    expect(span(r.logging)).toEqual([1, 1]);
    expect(span(r.estimates.ips)).toEqual([2, 2]);
    // the other series differ between the views: their intervals lie between the two views' values
    const within = (e: { low: number; high: number }, a: number, b: number) => {
      expect(e.low).toBeGreaterThanOrEqual(a - 1e-12);
      expect(e.high).toBeLessThanOrEqual(b + 1e-12);
      expect(e.low).toBeLessThanOrEqual(e.high);
    };
    within(r.estimates.dm, 1, 1 + 6 / 11);
    within(r.estimates.dr, 2, 27 / 11);
    within(r.liftOverLogging, 1, 16 / 11);
  });

  it("offPolicy(...) with no matched item gives replay and SNIPS 0, not 0 / 0", () => {
    const w = world();
    const r = run(w.slates, [[7], [8, 9]]);
    expect([r.overlap, r.estimates.replay.value, r.estimates.snips.value, r.estimates.ips.value]).toEqual([0, 0, 0, 0]);
    expect(r.support).toBe(0);
    // nothing supported: the bounds run from 0 to slate size 1.5 x the highest rate 6/11
    expect(r.bounds.high).toBeCloseTo(1.5 * (6 / 11), 12);
  });

  it("offPolicy(...) with no matched item reports Switch-DR and DRos as DM, tuned to DR's parameters (Infinity)", () => {
    const w = world();
    const r = run(w.slates, [[7], [8, 9]]);
    // unlogged items are worth the prior 0.5 each: DM is 0.5 at view 0 and 1 at view 1, 0.75 on average
    expect(r.tuning).toEqual({ switchTau: Infinity, drosLambda: Infinity });
    expect([r.estimates.dm.value, r.estimates.switch.value, r.estimates.dros.value]).toEqual([0.75, 0.75, 0.75]);
    expect([r.estimates.switch.low, r.estimates.switch.high]).toEqual([r.estimates.dm.low, r.estimates.dm.high]);
  });

  it("offPolicy(...) Switch-DR with every matched weight 2 is DR (threshold at least 2) or DM (below it)", () => {
    const w = world();
    const r = run(w.slates, w.mine);
    const dm = (1 + 1 + 6 / 11) / 2;
    const dr = (2 + 27 / 11) / 2;
    expect(r.estimates.switch.value).toBeCloseTo(r.tuning.switchTau >= 2 ? dr : dm, 12);
    // DRos's lambda shrinks both weights alike: the value lies between DM and DR
    expect(r.estimates.dros.value).toBeGreaterThanOrEqual(dm - 1e-12);
    expect(r.estimates.dros.value).toBeLessThanOrEqual(dr + 1e-12);
  });

  it("offPolicy(...) with empty new slates has slate size, support and overlap 0", () => {
    const w = world();
    const r = run(w.slates, [[], []]);
    expect([r.overlap, r.support, r.bounds.value, r.bounds.high, r.estimates.dm.value]).toEqual([0, 0, 0, 0, 0]);
  });

  it("offPolicySeries(...) on no views, and on views without logged items, gives 0 terms, never NaN", () => {
    const none = offPolicySeries([], [], "click");
    expect([none.slateSize, none.overlap, none.logging.length]).toEqual([0, 0, 0]);
    const blank = offPolicySeries([slate([], [], [])], [Int32Array.from([7])], "click");
    // no logged item: the prior rate is 0, so is the model's value of item 7
    expect([blank.slateSize, blank.overlap, blank.dm[0], blank.dr[0]]).toEqual([1, 0, 0, 0]);
  });

  it("offPolicySeries(..., table) takes DM and DR's model from the contextual reward model; IPS counts an unclicked match 0", () => {
    // u carted a, then saw a slate of a and b at row 1 and clicked a; v saw the same slate at row 3 without history
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a"],
      ["u", "s1", 1, "view", "c"],
      ["v", "s2", 0, "view", "c"],
      ["v", "s2", 1, "view", "c"],
    ]);
    const [a, b] = [t.dicts.item.lookup("a"), t.dicts.item.lookup("b")];
    const slates = [
      { ...slate([a, b], [0.5, 0.5], [1, 0]), user: t.user[1], event: 1 },
      { ...slate([a, b], [0.5, 0.5], [0, 0]), user: t.user[3], event: 3 },
    ];
    const mine = [Int32Array.of(a), Int32Array.of(a)];
    const s = offPolicySeries(slates, mine, "click", t);
    // IPS: weight 2 x the click: 2 at view 0; 0 at view 1, where the matched item a was shown and not clicked
    expect(Array.from(s.ips)).toEqual([2, 0]);
    // the fit is cached per log: the same model, whatever item rates are passed the second time
    const model = contextualRewardModel(t, slates, "click", () => 0.5);
    expect(s.dm[0]).toBeCloseTo(model.predict(0, a), 12);
    expect(s.dm[1]).toBeCloseTo(model.predict(1, a), 12);
    // u carted a: the model tells the views apart, which the smoothed rate of a (the same at both views) cannot
    expect(s.dm[0]).toBeGreaterThan(s.dm[1] + 0.01);
    expect(s.dr[0]).toBeCloseTo(s.dm[0] + 2 * (1 - model.predict(0, a)), 12);
    const plain = offPolicySeries(slates, mine, "click");
    expect(plain.dm[0]).toBe(plain.dm[1]);
  });
});
