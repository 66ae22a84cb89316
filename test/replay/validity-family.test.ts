import { beforeAll, describe, expect, it } from "vitest";
import { validityWorld, type WorldResult } from "../../src/pipeline/validity-world.js";
import { MIN_SUPPORT } from "../../src/replay/off-policy-verdict.js";
import { summarizeValidity } from "../../src/replay/validity-summary.js";
import { WORLD_TYPES, type WorldType } from "../../src/simulate/world-family.js";
import { tempDir } from "../helpers.js";

// the fast version of bench:replay-validity: 3 small worlds of each type, directions only (every world is seeded)
const tmp = tempDir();
const worlds = new Map<WorldType, WorldResult[]>();

beforeAll(async () => {
  for (const type of WORLD_TYPES) {
    const list: WorldResult[] = [];
    for (const seed of [1, 2, 3])
      list.push(
        await validityWorld({
          type,
          seed,
          dir: tmp.path(`${type}-${seed}`),
          policies: ["history", "covis", "popular"],
          users: 5000,
          resamples: 200,
        }),
      );
    worlds.set(type, list);
  }
}, 240_000);

const policy = (w: WorldResult, name: string) => w.policies.find((p) => p.name === name)!;

describe("validityWorld on the family of simulated worlds", () => {
  it("in reminder worlds, showing the user's own items (history) truly beats popular items, and the hit rates agree", () => {
    for (const w of worlds.get("reminder")!) {
      expect(policy(w, "history").truth).toBeGreaterThan(policy(w, "popular").truth);
      expect(policy(w, "history").hitRate).toBeGreaterThan(policy(w, "popular").hitRate);
    }
  });

  it("in novelty worlds, the hit rates point the wrong way: history is more relevant, popular truly earns more clicks", () => {
    for (const w of worlds.get("novelty")!) {
      expect(policy(w, "popular").truth).toBeGreaterThan(policy(w, "history").truth);
      expect(policy(w, "history").hitRate).toBeGreaterThan(policy(w, "popular").hitRate);
    }
  });

  it("hits net of the user's known items (novelHitRate) flip with the world: right in novelty worlds, wrong in reminder worlds", () => {
    // the same organic signals in both kinds of world: no fit to them can tell which way the widget works
    for (const w of worlds.get("novelty")!)
      expect(policy(w, "popular").novelHitRate).toBeGreaterThan(policy(w, "history").novelHitRate);
    for (const w of worlds.get("reminder")!) {
      expect(policy(w, "history").truth).toBeGreaterThan(policy(w, "popular").truth);
      expect(policy(w, "popular").novelHitRate).toBeGreaterThan(policy(w, "history").novelHitRate);
    }
  });

  it("in taste worlds, the taste-based policies truly beat popular items", () => {
    for (const w of worlds.get("taste")!) {
      expect(policy(w, "covis").truth).toBeGreaterThan(policy(w, "popular").truth);
      expect(policy(w, "history").truth).toBeGreaterThan(policy(w, "popular").truth);
    }
  });

  it("popular items lie mostly outside the logging support, so their off-policy estimates are withheld in every world", () => {
    for (const list of worlds.values())
      for (const w of list) expect(policy(w, "popular").support).toBeLessThan(MIN_SUPPORT);
  });

  it("summarizeValidity counts each judged pair once per comparison, and every case once per estimator", () => {
    const all = [...worlds.values()].flat();
    const s = summarizeValidity(all);
    const pairs = all.reduce((n, w) => n + w.pairs.length, 0);
    for (const c of ["hits", "novel", "unexpired", "ips", "dm", "dr", "switch", "dros"]) {
      const a = s.agreement.all[c];
      expect(a.pairs).toBe(pairs);
      expect(a.right + a.wrong + a.none).toBe(pairs);
    }
    const cases = Object.values(s.coverage.dr).reduce((n, c) => n + c.n, 0);
    expect(cases).toBe(all.length * 3);
    // the novelty worlds' hit-rate calls include wrong ones (the directions above), so the family's share is not 0
    expect(s.agreement.novelty.hits.wrong).toBeGreaterThan(0);
  });
});
