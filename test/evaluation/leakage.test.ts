import { describe, expect, it } from "vitest";
import { sessionNextCases } from "../../src/evaluation/protocols/session-next.js";
import { knownItems } from "../../src/evaluation/known-items.js";
import { userFacts } from "../../src/evaluation/user-facts.js";
import { fitModel, type ModelRecipe } from "../../src/models/registry.js";
import type { EvalCase } from "../../src/evaluation/eval-case.js";
import type { EventTable } from "../../src/data/event-table.js";
import { seeded } from "../helpers.js";
import { at, session, tableOf, type Row } from "./table-fixture.js";

/** Random sessions of a small catalogue: 60 users, 3 sessions each over 3 days. */
function shop(seed: number): Row[] {
  const rnd = seeded(seed);
  const rows: Row[] = [];
  for (let u = 0; u < 60; u++)
    for (let s = 0; s < 3; s++) {
      const items = Array.from({ length: 2 + Math.floor(rnd() * 5) }, () => `i${Math.floor(rnd() * rnd() * 40)}`);
      const kinds = items.map(() => (rnd() < 0.15 ? "cart_add" : "view") as Row["kind"]);
      rows.push(...session(`u${u}`, `u${u}s${s}`, s * 1440 + Math.floor(rnd() * 600), items, kinds));
    }
  return rows;
}

const RECIPES: [string, ModelRecipe][] = [
  ["covis", { kind: "covis", options: {} }],
  ["covis (user scope, time decay)", { kind: "covis", options: { scope: "user", "half-life": 86_400_000 } }],
  ["popular", { kind: "popular", options: { "half-life": 86_400_000 } }],
  ["history", { kind: "history", options: {} }],
  [
    "blend",
    {
      blend: [
        { kind: "covis", weight: 0.7, options: {} },
        { kind: "history", weight: 0.3, options: {} },
      ],
    },
  ],
];

async function recommendations(
  t: EventTable,
  cut: number,
  recipe: ModelRecipe,
): Promise<Map<string, { items: number[]; when: number }>> {
  const { model } = await fitModel(recipe, t, { until: cut, threads: 1 });
  const set = sessionNextCases(t, cut, knownItems(t, cut), userFacts(t));
  const byId = (c: EvalCase) =>
    [
      c.id,
      {
        items: Array.from(model.recommend(c.history, { k: 10, now: c.now }).items, (i) =>
          i >= 0 ? Number(t.dicts.item.get(i).slice(1)) : -1,
        ),
        when: c.history[c.history.length - 1].ts,
      },
    ] as const;
  return new Map(set.cases.map(byId));
}

describe("no leakage", () => {
  const base = shop(5);
  const cut = at(2 * 1440);
  // planted after every case: 40 sessions that pair i0 with everything, and a popular newcomer (their
  // users sort after the others, so that item codes, which break ties, are the same in both tables)
  const plantAt = 5 * 1440;
  const planted = Array.from({ length: 40 }, (_, x) =>
    session(
      `z${x}`,
      `z${x}s`,
      plantAt + x,
      ["i0", `i${x % 40}`, "new", "i0", "new"],
      ["view", "cart_add", "purchase", "purchase", "cart_add"],
    ),
  ).flat();
  // and one event appended to each test session, after its last event: later than its cases
  const appended = base
    .filter((r) => r.min >= 2 * 1440)
    .map((r) => ({ ...r, item: "i0", kind: "purchase" as const, min: r.min + 2000 }));

  for (const [name, recipe] of RECIPES) {
    it(`a planted future event never changes ${name}'s recommendations for a case before it`, async () => {
      const before = await recommendations(tableOf(base), cut, recipe);
      const grown = tableOf([...base, ...planted, ...appended]);
      for (let c = 0; c < tableOf(base).dicts.item.size; c++)
        expect(grown.dicts.item.get(c)).toBe(tableOf(base).dicts.item.get(c));
      const after = await recommendations(grown, cut, recipe);
      expect(before.size).toBeGreaterThan(50);
      let compared = 0;
      for (const [id, rec] of before) {
        if (rec.when >= at(plantAt)) continue;
        expect(after.get(id)?.items, id).toEqual(rec.items);
        compared++;
      }
      expect(compared).toBeGreaterThan(50);
    });
  }
});
