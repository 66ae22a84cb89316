import { describe, expect, it } from "vitest";
import { profileTable } from "../../src/pipeline/inspect.js";
import { T0, timeline, type Row } from "../moments/timeline.js";

const DAY = 1440;

describe("inspect's prices section", () => {
  it("profileTable(t).prices counts items with a price, with a changed daily price, drops and drops per week", () => {
    // a: 10 on days 0-3, 8 on day 4 (a drop); b: 5 every day (no change); c: no price; one zero price
    const rows = (
      [
        ...[0, 1, 2, 3].map((d): Row => [`a${d}`, null, d * DAY, "view", "a", 10]),
        ["a4", null, 4 * DAY, "view", "a", 8],
        ...[0, 3, 6, 13].map((d): Row => [`b${d}`, null, d * DAY, "view", "b", 5]),
        ["c", null, 2 * DAY, "view", "c"],
        ["z", null, 2 * DAY, "view", "b", 0],
      ] as Row[]
    ).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    const p = profileTable(timeline(rows)).prices;
    expect(p).toMatchObject({
      pricedEvents: 9,
      skipped: { missing: 1, nonPositive: 1 },
      itemsWithPrice: 2,
      itemsWithChangedPrice: 1,
      drops: 1,
      itemsWithDrops: 1,
    });
    // 2026-01-05 is a Monday: days 0-13 are two calendar weeks, the drop in the first; 13 days of data
    expect(p.weeks).toEqual([
      { week: "2026-01-05", drops: 1 },
      { week: "2026-01-12", drops: 0 },
    ]);
    expect(p.dropsPerWeek).toBe(Math.round((1 / (13 / 7)) * 1000) / 1000);
    expect(new Date(T0).getUTCDay()).toBe(1);
  });
});
