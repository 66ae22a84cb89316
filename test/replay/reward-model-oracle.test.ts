import { describe, expect, it } from "vitest";
import { Dictionary } from "../../src/data/dictionary.js";
import { EventKind } from "../../src/data/event-kind.js";
import type { EventTable } from "../../src/data/event-table.js";
import type { LoggedSlate } from "../../src/io/read-exposures.js";
import { contextualRewardModel, fitLogistic } from "../../src/replay/estimators/reward-model.js";
import { seeded } from "../helpers.js";

const ITEMS = 20;
const MAX_HISTORY = 4;
// the item rates the model is given: 0 and 1 exercise the clamp, the rest are ordinary
const RATE = (item: number) => [0, 1, 0.02, 0.5, 0.3][item % 5];

/**
 * A random log: users with 0-12 events each (views, cart adds, purchases of 20 items), items in categories 0-2 or
 * none, some rows of a categorised item without its category (the last categorised row is the item's), and logged
 * slates of four items at random rows, including a user's first row (an empty history).
 */
function randomLog(seed: number) {
  const rnd = seeded(seed);
  const itemCategory = Array.from({ length: ITEMS }, (_, i) => (i % 7 === 6 ? -1 : Math.floor(rnd() * 3)));
  const rows: { user: number; item: number; kind: number; category: number }[] = [];
  const slates: LoggedSlate[] = [];
  const users = 80;
  for (let u = 0; u < users; u++) {
    const first = rows.length;
    const length = Math.floor(rnd() * 13);
    for (let e = 0; e < length; e++) {
      const item = Math.floor(rnd() * ITEMS);
      const kind = [EventKind.view, EventKind.view, EventKind.cart_add, EventKind.purchase][Math.floor(rnd() * 4)];
      // one row in five drops the category: it must not count in the share, nor become the item's category
      rows.push({ user: u, item, kind, category: rnd() < 0.2 ? -1 : itemCategory[item] });
    }
    for (let s = 0; s < 2 && length > 0; s++) {
      const event = first + (s === 0 ? 0 : Math.floor(rnd() * length));
      const items = new Int32Array(4);
      for (let j = 0; j < 4; j++) items[j] = Math.floor(rnd() * ITEMS);
      slates.push({
        user: u,
        ts: event,
        event,
        items,
        propensity: new Float64Array(4).fill(0.5),
        click: Uint8Array.from(items, () => (rnd() < 0.3 ? 1 : 0)),
        order: Uint8Array.from(items, () => (rnd() < 0.1 ? 1 : 0)),
      });
    }
  }
  const n = rows.length;
  const t: EventTable = {
    length: n,
    ts: Float64Array.from(rows, (_, x) => x * 1000),
    user: Int32Array.from(rows, (r) => r.user),
    session: Int32Array.from(rows, (r) => r.user),
    item: Int32Array.from(rows, (r) => r.item),
    kind: Uint8Array.from(rows, (r) => r.kind),
    price: new Float64Array(n).fill(NaN),
    quantity: new Int32Array(n).fill(1),
    category: Int32Array.from(rows, (r) => r.category),
    order: new Int32Array(n).fill(-1),
    dicts: {
      user: Dictionary.fromStrings(Array.from({ length: users }, (_, u) => `u${u}`)),
      session: Dictionary.fromStrings(Array.from({ length: users }, (_, u) => `s${u}`)),
      item: Dictionary.fromStrings(Array.from({ length: ITEMS }, (_, i) => `i${i}`)),
      category: Dictionary.fromStrings(["c0", "c1", "c2"]),
      order: new Dictionary(),
    },
  };
  return { t, rows, slates };
}

/** The five features of docs/replay.md, computed the slow, obvious way from the rows. */
function oracleFeatures(log: ReturnType<typeof randomLog>, s: LoggedSlate, item: number): number[] {
  const { rows } = log;
  const history: typeof rows = [];
  for (let r = s.event - 1; r >= 0 && rows[r].user === s.user && history.length < MAX_HISTORY; r--)
    history.unshift(rows[r]);
  let category = -1;
  for (const r of rows) if (r.item === item && r.category >= 0) category = r.category;
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, RATE(item)));
  let carted = false;
  for (const h of history)
    if (h.item === item && h.kind === EventKind.cart_add) carted = true;
    else if (h.item === item && h.kind === EventKind.purchase) carted = false;
  const inCategory = history.filter((h) => h.category >= 0 && h.category === category).length;
  return [
    1,
    Math.log(rate / (1 - rate)),
    history.some((h) => h.item === item) ? 1 : 0,
    carted ? 1 : 0,
    category >= 0 && history.length > 0 ? inCategory / history.length : 0,
  ];
}

function oracleFit(log: ReturnType<typeof randomLog>, reward: "click" | "order") {
  const x: number[] = [];
  const ys: number[] = [];
  for (const s of log.slates)
    s.items.forEach((item, j) => {
      x.push(...oracleFeatures(log, s, item));
      ys.push(reward === "click" ? s.click[j] : s.order[j]);
    });
  return fitLogistic(Float64Array.from(x), 5, ys);
}

describe("contextualRewardModel against a slow feature oracle", () => {
  for (const seed of [1, 2, 3])
    it(`contextualRewardModel(log ${seed}) fits the oracle's features: same coefficients, same predictions`, () => {
      const log = randomLog(seed);
      expect(log.slates.some((s) => s.event === 0 || log.rows[s.event - 1].user !== s.user)).toBe(true);
      for (const reward of ["click", "order"] as const) {
        const model = contextualRewardModel(log.t, log.slates, reward, RATE, MAX_HISTORY);
        const beta = oracleFit(log, reward);
        expect(Array.from(model.coefficients)).toEqual(Array.from(beta).map((b) => expect.closeTo(b, 9)));
        // every item at every view, including items never shown and items without a category
        log.slates.forEach((s, view) => {
          for (let item = 0; item < ITEMS; item++) {
            const f = oracleFeatures(log, s, item);
            const z = f.reduce((a, v, j) => a + v * beta[j], 0);
            expect(model.predict(view, item)).toBeCloseTo(1 / (1 + Math.exp(-z)), 9);
          }
        });
      }
    });

  it("contextualRewardModel fits once per log, reward and history length, and returns the same model again", () => {
    const log = randomLog(4);
    const click = contextualRewardModel(log.t, log.slates, "click", RATE, MAX_HISTORY);
    const order = contextualRewardModel(log.t, log.slates, "order", RATE, MAX_HISTORY);
    expect(order).not.toBe(click);
    expect(Array.from(order.coefficients)).not.toEqual(Array.from(click.coefficients));
    expect(contextualRewardModel(log.t, log.slates, "click", RATE, MAX_HISTORY)).toBe(click);
    expect(contextualRewardModel(log.t, log.slates, "order", RATE, MAX_HISTORY)).toBe(order);
    expect(contextualRewardModel(log.t, log.slates, "click", RATE, MAX_HISTORY + 1)).not.toBe(click);
  });
});

describe("fitLogistic's optimum", () => {
  /** The penalised score at beta: sum (y - mu) x_j, minus ridge x beta_j for j >= 1. Zero at the optimum. */
  function score(x: Float64Array, p: number, ys: number[], beta: Float64Array, ridge: number): number[] {
    const g = new Array<number>(p).fill(0);
    ys.forEach((y, r) => {
      let z = 0;
      for (let j = 0; j < p; j++) z += beta[j] * x[r * p + j];
      const mu = 1 / (1 + Math.exp(-z));
      for (let j = 0; j < p; j++) g[j] += (y - mu) * x[r * p + j];
    });
    for (let j = 1; j < p; j++) g[j] -= ridge * beta[j];
    return g;
  }

  for (const ridge of [0, 0.5, 20])
    it(`fitLogistic(..., ridge ${ridge}) returns coefficients where the penalised score is zero`, () => {
      const rnd = seeded(11);
      const p = 4;
      const n = 300;
      const x = new Float64Array(n * p);
      const ys: number[] = [];
      for (let r = 0; r < n; r++) {
        x[r * p] = 1;
        for (let j = 1; j < p; j++) x[r * p + j] = rnd() * 2 - 1;
        const z = -0.5 + 1.5 * x[r * p + 1] - x[r * p + 2];
        ys.push(rnd() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
      }
      const beta = fitLogistic(x, p, ys, ridge);
      for (const g of score(x, p, ys, beta, ridge)) expect(Math.abs(g)).toBeLessThan(1e-7);
      // the ridge shrinks: at 20 the slopes are clearly smaller than unpenalised, the intercept is not penalised
      if (ridge === 20) {
        const free = fitLogistic(x, p, ys, 0);
        expect(Math.abs(beta[1])).toBeLessThan(0.8 * Math.abs(free[1]));
      }
    });

  it("fitLogistic leaves a feature that is zero on every row at 0, with ridge 0, and fits the rest", () => {
    const rows = [1, 0, 0, 1, 0, 1, 1, 0, 2, 1, 0, 3];
    const ys = [0, 1, 0, 1];
    const beta = fitLogistic(Float64Array.from(rows), 3, ys, 0);
    expect(beta[1]).toBe(0);
    expect(Number.isFinite(beta[0]) && Number.isFinite(beta[2])).toBe(true);
    const x = Float64Array.from(rows);
    for (const g of score(x, 3, ys, beta, 0)) expect(Math.abs(g)).toBeLessThan(1e-7);
  });

  it("fitLogistic stops with finite coefficients on separable data and no ridge, where the optimum is at infinity", () => {
    const rows = [1, -2, 1, -1, 1, 1, 1, 2];
    const beta = fitLogistic(Float64Array.from(rows), 2, [0, 0, 1, 1], 0);
    expect(beta.every(Number.isFinite)).toBe(true);
    expect(beta[1]).toBeGreaterThan(5); // it went a long way towards infinity first
  });
});
