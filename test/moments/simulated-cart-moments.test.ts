import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { readDataset } from "../../src/io/read-dataset.js";
import { abandonedCartMoments } from "../../src/moments/abandoned-cart-moments.js";
import { addToCartMoments } from "../../src/moments/add-to-cart-moments.js";
import { datasetSourceFile, simulate } from "../../src/pipeline/simulate.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir();
const DAY = 86_400_000;

interface Record {
  moment: string;
  user: string;
  ts: number;
  item?: string;
  items?: string[];
}

async function shop(name: string, cartTtlMs: number) {
  const out = tmp.path(name);
  const r = await simulate({
    out,
    config: { users: 3000, items: 800, seed: 5, cartRate: 0.05, buyCartedRate: 0.3, cartTtlMs },
  });
  const lines = readFileSync(datasetSourceFile(out).replace(/\.csv$/, ".cart-moments.jsonl"), "utf8");
  const truth = lines
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record);
  return { r, truth, t: readDataset(out).table };
}

describe("the cart moment detectors on the simulator's own record", () => {
  // carts that never expire within the 14 days: the simulator's cart clock and the detector's cannot disagree
  let long: Awaited<ReturnType<typeof shop>>;
  let usual: Awaited<ReturnType<typeof shop>>;
  beforeAll(async () => {
    long = await shop("long", 30 * DAY);
    usual = await shop("usual", DAY);
  }, 120_000);

  it("addToCartMoments(simulated shop) finds exactly the simulator's cart adds", () => {
    const { t, truth, r } = long;
    const want = truth.filter((m) => m.moment === "add-to-cart").map((m) => `${m.user}@${m.ts}:${m.item}`);
    const got = addToCartMoments(t, 30 * DAY).moments.map(
      (m) => `${t.dicts.user.get(m.user)}@${t.ts[m.event]}:${t.dicts.item.get(m.item)}`,
    );
    expect(want.length).toBeGreaterThan(1000);
    expect(want.length).toBe(r.cartMoments!["add-to-cart"]);
    expect(got.sort()).toEqual(want.sort());
  });

  it("abandonedCartMoments(simulated shop) finds exactly the simulator's abandonments, with their items", () => {
    const { t, truth, r } = long;
    const key = (user: string, ts: number, items: string[]) => `${user}@${ts}:${[...items].sort().join(",")}`;
    const want = truth.filter((m) => m.moment === "abandoned-cart").map((m) => key(m.user, m.ts, m.items!));
    const got = abandonedCartMoments(t, 30 * DAY).moments.map((m) =>
      key(
        t.dicts.user.get(m.user),
        t.ts[m.event],
        m.items.map((i) => t.dicts.item.get(i)),
      ),
    );
    expect(want.length).toBeGreaterThan(500);
    expect(want.length).toBe(r.cartMoments!["abandoned-cart"]);
    expect(got.sort()).toEqual(want.sort());
  });

  it("abandonedCartMoments(simulated shop, 24 h TTL) agrees with the simulator on at least 99% of its abandonments", () => {
    // the detector restarts its cart clock on a buy-now purchase, the simulator does not (docs/replay.md): rare
    const { t, truth } = usual;
    const key = (user: string, ts: number) => `${user}@${ts}`;
    const want = new Set(truth.filter((m) => m.moment === "abandoned-cart").map((m) => key(m.user, m.ts)));
    const got = new Set(abandonedCartMoments(t, DAY).moments.map((m) => key(t.dicts.user.get(m.user), t.ts[m.event])));
    const both = [...want].filter((k) => got.has(k)).length;
    expect(want.size).toBeGreaterThan(500);
    expect(both / want.size).toBeGreaterThanOrEqual(0.99);
    expect(both / got.size).toBeGreaterThanOrEqual(0.99);
  });
});
