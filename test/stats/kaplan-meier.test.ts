import { describe, expect, it } from "vitest";
import { kaplanMeier, survivalAt, survivalQuantile } from "../../src/stats/kaplan-meier.js";

// Seven subjects: events at 1, 2, 2, 4 and 6; censored at 3 and 5. By hand:
//   t=1: n=7, d=1: S = 6/7;            Greenwood sum 1/(7*6)          = 0.0238095
//   t=2: n=6, d=2: S = 6/7 * 4/6 = 4/7; sum + 2/(6*4)                 = 0.1071429
//   t=3 censored (n drops to 3)
//   t=4: n=3, d=1: S = 4/7 * 2/3 = 8/21; sum + 1/(3*2)                = 0.2738095
//   t=5 censored (n drops to 1)
//   t=6: n=1, d=1: S = 0
// Var S(2) = (4/7)^2 * 0.1071429 = 0.0349854; sd 0.187044; 95%: 0.571429 -+ 1.959964 * 0.187044 = [0.204830, 0.938027]
// Var S(4) = (8/21)^2 * 0.2738095 = 0.0397369; sd 0.199341; 95%: [0 (clipped from -0.009750), 0.771655]
const time = Float64Array.from([2, 1, 3, 2, 5, 4, 6]);
const event = Uint8Array.from([1, 1, 0, 1, 0, 1, 1]);

describe("kaplanMeier", () => {
  // computed in each test, not once in the describe body: code run while tests are collected is outside every test,
  // so mutation testing would see it covered by none (and a mutant in it would never be active)
  const curve = () => kaplanMeier(time, event);

  it("kaplanMeier(censored example) steps at the event times with the hand-computed survival", () => {
    const c = curve();
    expect([...c.times]).toEqual([1, 2, 4, 6]);
    expect([...c.atRisk]).toEqual([7, 6, 3, 1]);
    const want = [6 / 7, 4 / 7, 8 / 21, 0];
    c.survival.forEach((s, i) => expect(s).toBeCloseTo(want[i], 10));
    expect(c.events).toBe(5);
    expect(c.subjects).toBe(7);
  });

  it("kaplanMeier(censored example) gives Greenwood's variance and interval", () => {
    const c = curve();
    expect(c.variance[1]).toBeCloseTo(0.0349854, 6);
    expect(c.variance[2]).toBeCloseTo(0.0397369, 6);
    expect(c.low[1]).toBeCloseTo(0.20483, 4);
    expect(c.high[1]).toBeCloseTo(0.938027, 4);
    expect(c.low[2]).toBe(0);
    expect(c.high[2]).toBeCloseTo(0.771655, 4);
    expect(c.variance[3]).toBe(0);
  });

  it("survivalAt(curve, t) is 1 before the first event and the step's value between events", () => {
    const c = curve();
    expect(survivalAt(c, 0.5).value).toBe(1);
    expect(survivalAt(c, 3).value).toBeCloseTo(4 / 7, 10);
    expect(survivalAt(c, 4).value).toBeCloseTo(8 / 21, 10);
  });

  it("survivalQuantile(curve, 0.5) is the median 4 (S(2) = 4/7 is above one half) with the interval [2, 6] where the bands cross it", () => {
    const c = curve();
    expect(survivalQuantile(c, 0.5)).toEqual({ value: 4, low: 2, high: 6 });
  });

  it("survivalQuantile(curve) is null where the curve or its upper band never reaches one half", () => {
    // S(1) = 3/4, Var = (3/4)^2 / (4 * 3) = 0.046875; lower band 0.75 - 1.96 * 0.2165 = 0.326 reaches 1/2 at t = 1
    const few = kaplanMeier(Float64Array.from([1, 5, 5, 5]), Uint8Array.from([1, 0, 0, 0]));
    expect(survivalQuantile(few)).toEqual({ value: null, low: 1, high: null });
  });

  it("kaplanMeier without censoring is one minus the empirical distribution", () => {
    const t = Float64Array.from([3, 1, 2, 4]);
    const km = kaplanMeier(t, new Uint8Array(4).fill(1));
    expect([...km.survival]).toEqual([0.75, 0.5, 0.25, 0]);
  });

  it("survivalAt(curve, t) at the first event time is that step's value, not 1", () => {
    expect(survivalAt(curve(), 1).value).toBeCloseTo(6 / 7, 10);
    expect(survivalAt(curve(), 1.5).value).toBeCloseTo(6 / 7, 10);
  });

  it("survivalQuantile(curve, p) is the first time S drops to p or below, an exact p included", () => {
    // S = 0.75, 0.5, 0.25, 0 at times 1..4: S(2) = 0.5 exactly, so the median is 2, not 3
    const km = kaplanMeier(Float64Array.from([3, 1, 2, 4]), new Uint8Array(4).fill(1));
    expect(survivalQuantile(km, 0.5).value).toBe(2);
    expect(survivalQuantile(km, 0.25).value).toBe(3);
  });

  it("kaplanMeier rejects a negative or missing time, naming it, and flags of another length; time 0 is a time", () => {
    expect(() => kaplanMeier(Float64Array.from([-1]), Uint8Array.from([1]))).toThrow(
      new RangeError("kaplanMeier: time -1 at 0 is not a non-negative number"),
    );
    expect(() => kaplanMeier(Float64Array.from([1, NaN]), Uint8Array.from([1, 1]))).toThrow(
      new RangeError("kaplanMeier: time NaN at 1 is not a non-negative number"),
    );
    expect(() => kaplanMeier(Float64Array.from([1, 2]), Uint8Array.from([1]))).toThrow(
      new RangeError("kaplanMeier: time and event differ in length"),
    );
    expect([...kaplanMeier(Float64Array.from([0, 1]), Uint8Array.from([1, 1])).survival]).toEqual([0.5, 0]);
  });

  it("kaplanMeier counts an event and a censoring at the same time as at risk together, in any input order", () => {
    // at t=2: one event and one censoring among 3 at risk, so S(2) = 2/3 and the censored one leaves after
    const a = kaplanMeier(Float64Array.from([2, 2, 5]), Uint8Array.from([0, 1, 1]));
    const b = kaplanMeier(Float64Array.from([2, 2, 5]), Uint8Array.from([1, 0, 1]));
    expect([...a.survival]).toEqual([1 - 1 / 3, 0]);
    expect([...a.atRisk]).toEqual([3, 1]);
    expect(b).toEqual(a);
  });
});
