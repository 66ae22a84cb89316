import { describe, expect, it } from "vitest";
import type { CompiledRules, Condition } from "../../src/segments/compiled-rules.js";
import { evaluateRules } from "../../src/segments/evaluate-rules.js";
import { scoreRfm } from "../../src/segments/rfm.js";
import { segmentsAt } from "../../src/segments/segments-at.js";
import { ABSENT, RFM_GROUPS } from "../../src/segments/segment-names.js";
import type { SegmentSnapshot } from "../../src/segments/snapshot.js";
import { day, eventTable } from "./segment-fixture.js";

/** A snapshot of users with the given lifecycle codes (ABSENT for no events yet); the rest zero. */
function snapshot(lifecycle: number[], fill: Partial<SegmentSnapshot> = {}): SegmentSnapshot {
  const U = lifecycle.length;
  return {
    at: 0,
    present: lifecycle.filter((l) => l !== ABSENT).length,
    lifecycle: Uint8Array.from(lifecycle),
    intent: new Uint8Array(U),
    custom: new Uint8Array(0),
    customCount: 0,
    orders: new Int32Array(U),
    value: new Float64Array(U),
    lastOrder: new Float64Array(U).fill(NaN),
    rfm: new Uint8Array(3 * U),
    rfmGroup: new Uint8Array(U).fill(ABSENT),
    futureBuyer: new Uint8Array(U),
    futureRevenue: new Float64Array(U),
    horizonCovered: true,
    ...fill,
  };
}

/** Rules of one condition per segment, evaluated in file order unless `order` says otherwise. */
function rules(conditions: Condition[], measures = 0, order?: number[]): CompiledRules {
  return {
    names: conditions.map((_, x) => `s${x}`),
    evaluationOrder: order ?? conditions.map((_, x) => x),
    conditions,
    measures: Array.from({ length: measures }, () => ({ type: "orders", windowMs: Infinity })),
    params: {},
  };
}

/** Membership rows, one string of 0/1 per user. */
function membership(s: SegmentSnapshot): string[] {
  return Array.from({ length: s.lifecycle.length }, (_, u) =>
    Array.from(s.custom.subarray(u * s.customCount, (u + 1) * s.customCount)).join(""),
  );
}

describe("evaluateRules(rules, snapshot, measures)", () => {
  it("includes both bounds of a measure range and excludes both of a since window", () => {
    const s = snapshot([0, 0, 0, 0, 0]);
    const values = Float64Array.from([2, 5, 1.999, 5.001, 3].flatMap((v) => [v, v]));
    evaluateRules(
      rules(
        [
          { op: "measure", slot: 0, min: 2, max: 5 },
          { op: "since", slot: 1, moreThanMs: 2, lessThanMs: 5 },
        ],
        2,
      ),
      s,
      values,
    );
    expect(membership(s)).toEqual(["10", "10", "00", "00", "11"]);
  });

  it("reads each user's own measures and writes each user's own row", () => {
    const s = snapshot([0, 1, 2]);
    const values = Float64Array.from([0, 9, 9, 0, 9, 9]); // user-major, two measures
    evaluateRules(
      rules(
        [
          { op: "measure", slot: 0, min: 5, max: Infinity },
          { op: "measure", slot: 1, min: 5, max: Infinity },
        ],
        2,
      ),
      s,
      values,
    );
    expect(membership(s)).toEqual(["01", "10", "11"]);
  });

  it("leaves users without events out of every segment, even a negated one", () => {
    const s = snapshot([ABSENT, 3]);
    evaluateRules(rules([{ op: "not", of: { op: "lifecycle", mask: 0 } }]), s, new Float64Array(0));
    expect(membership(s)).toEqual(["0", "1"]);
  });

  it("matches lifecycle stages, intent bits and RFM groups by mask; a non-buyer is in no RFM group", () => {
    const s = snapshot([0, 2, 3], {
      intent: Uint8Array.from([0b100000, 0b000001, 0]),
      rfmGroup: Uint8Array.from([ABSENT, 0, 10]),
    });
    evaluateRules(
      rules([
        { op: "lifecycle", mask: 0b0101 },
        { op: "intent", bit: 5 },
        { op: "intent", bit: 0 },
        { op: "rfm", mask: -1 }, // every bit, so only the no-group rule keeps user 0 out
        { op: "rfm", mask: 1 << 10 },
      ]),
      s,
      new Float64Array(0),
    );
    expect(membership(s)).toEqual(["11000", "10110", "00011"]);
  });

  it("combines all, any and not, and refers to segments evaluated before", () => {
    const s = snapshot([0, 1, 2, 3]);
    const values = Float64Array.from([0, 1, 2, 3]);
    const atLeast = (min: number): Condition => ({ op: "measure", slot: 0, min, max: Infinity });
    evaluateRules(
      rules(
        [
          { op: "all", of: [atLeast(1), { op: "not", of: atLeast(3) }] },
          {
            op: "any",
            of: [
              { op: "custom", index: 2 },
              { op: "lifecycle", mask: 1 },
            ],
          },
          atLeast(3),
        ],
        1,
        [2, 0, 1],
      ),
      s,
      values,
    );
    expect(membership(s)).toEqual(["010", "100", "100", "011"]);
  });
  it("reads a referenced segment from the same user's row", () => {
    const s = snapshot([0, 1, 1]);
    evaluateRules(
      rules([
        { op: "lifecycle", mask: 0b10 },
        { op: "custom", index: 0 },
      ]),
      s,
      new Float64Array(0),
    );
    expect(membership(s)).toEqual(["00", "11", "11"]);
  });
});

describe("scoreRfm(snapshot)", () => {
  it("scores buyers only: non-buyers and absent users keep score 0 and no group", () => {
    const s = snapshot([2, 1, ABSENT, 3], {
      orders: Int32Array.from([1, 0, 4, 3]),
      value: Float64Array.from([10, 0, 50, 30]),
      lastOrder: Float64Array.from([5, NaN, 9, 7]),
    });
    scoreRfm(s);
    // two buyers: the better of each pair scores 1 + floor(5 x 1/2) = 3, the other 1
    expect(Array.from(s.rfm)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 3, 3, 3]);
    expect([...s.rfmGroup].map((g) => (g === ABSENT ? "-" : RFM_GROUPS[g]))).toEqual([
      "lost",
      "-",
      "-",
      "need-attention",
    ]);
  });
});

describe("segmentsAt(table, at, { dataEnd })", () => {
  const table = eventTable([
    { user: "a", d: 0, kind: "view" },
    { user: "a", d: 10, kind: "purchase", order: "o", price: 5 },
  ]);

  it("reports the horizon as covered when at + horizon reaches the data's end exactly, not 1 ms later", () => {
    expect(segmentsAt(table, day(3), { dataEnd: day(10) }).horizonCovered).toBe(true);
    expect(segmentsAt(table, day(3) + 1, { dataEnd: day(10) }).horizonCovered).toBe(false);
    expect(
      segmentsAt(table, day(3) + 1, { dataEnd: day(10), params: { horizonMs: 7 * 864e5 - 1 } }).horizonCovered,
    ).toBe(true);
    // the data's last event is the default end
    expect(segmentsAt(table, day(3)).horizonCovered).toBe(true);
    expect(segmentsAt(table, day(4)).horizonCovered).toBe(false);
  });

  it("takes thresholds from the call over the rules file's params over the defaults", () => {
    const fromFile = rules([]);
    fromFile.params = { horizonMs: 864e5 };
    expect(segmentsAt(table, day(9), { rules: fromFile }).horizonCovered).toBe(true);
    expect(segmentsAt(table, day(9), { rules: fromFile, params: { horizonMs: 2 * 864e5 } }).horizonCovered).toBe(false);
  });
});
