import { describe, expect, it } from "vitest";
import { quintileScores, rfmGroup } from "../../src/segments/rfm.js";
import { segmentsAt } from "../../src/segments/segments-at.js";
import { RFM_GROUPS } from "../../src/segments/segment-names.js";
import { day, eventTable, type Ev } from "./segment-fixture.js";

describe("RFM", () => {
  it("quintileScores(1..10) gives two values to each score 1-5", () => {
    expect([...quintileScores(Float64Array.from({ length: 10 }, (_, x) => x + 1))]).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]);
  });

  it("quintileScores gives tied values one score (the share strictly below decides)", () => {
    expect([...quintileScores(Float64Array.of(1, 1, 1, 2, 3))]).toEqual([1, 1, 1, 4, 5]);
  });

  it("rfmGroup(r, f, m) reaches all eleven groups through the documented grid", () => {
    expect(rfmGroup(5, 5, 5)).toBe("champions");
    expect(rfmGroup(5, 1, 1)).toBe("new");
    expect(rfmGroup(4, 1, 1)).toBe("promising");
    expect(rfmGroup(3, 5, 3)).toBe("loyal");
    expect(rfmGroup(3, 3, 3)).toBe("need-attention");
    expect(rfmGroup(3, 1, 2)).toBe("about-to-sleep");
    expect(rfmGroup(5, 2, 2)).toBe("potential-loyalist");
    expect(rfmGroup(2, 3, 4)).toBe("at-risk");
    expect(rfmGroup(1, 5, 5)).toBe("cannot-lose");
    expect(rfmGroup(2, 1, 1)).toBe("hibernating");
    expect(rfmGroup(1, 1, 2)).toBe("lost");
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) seen.add(rfmGroup(r, f, m));
    expect([...seen].sort()).toEqual([...RFM_GROUPS].sort());
  });

  it("segmentsAt(...) scores five buyers as computed by hand, and leaves a non-buyer unscored", () => {
    const buy = (user: string, d: number, order: string, price: number): Ev => ({
      user,
      d,
      kind: "purchase",
      order,
      price,
    });
    const t = eventTable([
      buy("A", 9, "a1", 10),
      buy("B", 1, "b1", 20),
      buy("B", 8, "b2", 30),
      buy("C", 2, "c1", 200),
      buy("D", 3, "d1", 10),
      buy("D", 4, "d2", 10),
      buy("D", 5, "d3", 10),
      buy("E", 7, "e1", 20),
      { user: "F", d: 1, kind: "view" },
    ]);
    const s = segmentsAt(t, day(10));
    const of = (user: string) => {
      const u = t.dicts.user.lookup(user);
      const g = s.rfmGroup[u];
      return [s.rfm[3 * u], s.rfm[3 * u + 1], s.rfm[3 * u + 2], g === 255 ? null : RFM_GROUPS[g]];
    };
    // recency (last order day) 9, 8, 2, 5, 7; frequency 1, 2, 1, 3, 1; monetary 10, 50, 200, 30, 20
    expect(of("A")).toEqual([5, 1, 1, "new"]);
    expect(of("B")).toEqual([4, 4, 4, "loyal"]);
    expect(of("C")).toEqual([1, 1, 5, "at-risk"]);
    expect(of("D")).toEqual([2, 5, 3, "at-risk"]);
    expect(of("E")).toEqual([3, 1, 2, "about-to-sleep"]);
    expect(of("F")).toEqual([0, 0, 0, null]);
  });
});
