import { existsSync, readdirSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MOMENT_KINDS } from "../../src/moments/registry.js";
import { replayBase } from "../../src/pipeline/replay-core.js";
import { replayMoment } from "../../src/pipeline/replay-moment.js";
import type { ReplayOptions } from "../../src/pipeline/replay-options.js";
import type { AbandonedCartReport, AddToCartReport } from "../../src/replay/moment-report.js";
import { simulate } from "../../src/pipeline/simulate.js";
import { train } from "../../src/pipeline/train.js";
import { REPO, tempDir } from "../helpers.js";

const tmp = tempDir();
const data = tmp.path("shop");
const DAY = 86_400_000;
const options = (over: Partial<ReplayOptions> = {}): ReplayOptions => ({
  data,
  policies: ["history", "covis"],
  k: 6,
  ttlMs: 7 * DAY,
  windows: [
    { kind: "session", label: "session" },
    { kind: "duration", ms: 7 * DAY, label: "7d" },
  ],
  maxHistory: 50,
  assumptions: { engagementRate: 0.03, clickToOrder: 0.2 },
  seed: 1,
  resamples: 200,
  level: 0.95,
  threads: 1,
  ...over,
});

beforeAll(async () => {
  await simulate({ out: data, config: { users: 6000, items: 1000, seed: 21, cartRate: 0.05, buyCartedRate: 0.3 } });
}, 60_000);

describe("replayMoment(add-to-cart)", () => {
  let r: AddToCartReport;
  beforeAll(async () => {
    r = (await replayMoment("add-to-cart", options())) as AddToCartReport;
  }, 60_000);

  it("replayMoment(add-to-cart) counts moments that reconcile, with rates inside their intervals", () => {
    expect(r.moment).toBe("add-to-cart");
    expect(r.moments.moments).toBeGreaterThan(500);
    expect(r.moments.moments).toBeCloseTo(r.moments.users * r.moments.momentsPerUser, 6);
    expect(r.moments.cartsCreated).toBeLessThanOrEqual(r.moments.moments);
    for (const p of r.policies)
      for (const w of ["session", "7d"]) {
        const h = p.hits[w];
        expect(h.cartedOrBought.rate).toBeGreaterThanOrEqual(h.bought.rate);
        expect(h.cartedOrBought.low).toBeLessThanOrEqual(h.cartedOrBought.rate);
        expect(h.cartedOrBought.high).toBeGreaterThanOrEqual(h.cartedOrBought.rate);
        const c = p.complements[w];
        if (c.boughtHits > 0) expect(c.complementShare + c.alternativeShare).toBeCloseTo(1, 10);
        const v = p.basketValueAdded[w];
        expect(v.low).toBeLessThanOrEqual(v.mean);
        expect(v.mean).toBeGreaterThanOrEqual(0);
      }
    expect(r.moments.outcomes["7d"].anyBoughtRate).toBeGreaterThanOrEqual(r.moments.outcomes.session.anyBoughtRate);
    expect(r.policies[0].hits["7d"].cartedOrBought.rate).toBeGreaterThanOrEqual(
      r.policies[0].hits.session.cartedOrBought.rate,
    );
    expect(r.assumptions.source).toMatch(/no published figure/);
  });

  it("replayBase(add-to-cart) never shows an item in the cart: the added item and the rest of the cart", async () => {
    const b = await replayBase(options({ policies: ["history", "popular"] }), MOMENT_KINDS["add-to-cart"]);
    let checked = 0;
    for (const p of b.policies)
      p.shown.forEach((items, x) => {
        const cart = new Set(b.at[x].exclude);
        expect(cart.has(b.moments[x].item)).toBe(true);
        for (const i of items) expect(cart.has(i)).toBe(false);
        checked++;
      });
    expect(checked).toBe(2 * b.moments.length);
  });
});

describe("replayMoment(abandoned-cart)", () => {
  let r: AbandonedCartReport;
  beforeAll(async () => {
    r = (await replayMoment("abandoned-cart", options({ k: 20 }))) as AbandonedCartReport;
  }, 60_000);

  it("replayMoment(abandoned-cart) gives audience figures that reconcile", () => {
    const m = r.moments;
    expect(m.moments).toBeGreaterThan(300);
    expect(m.cartsAbandoned).toBeLessThanOrEqual(m.cartsCreated);
    expect(m.abandonmentRate).toBeCloseTo(m.cartsAbandoned / m.cartsCreated, 12);
    expect(Object.values(m.byLifecycle).reduce((s, l) => s + l.moments, 0)).toBe(m.moments);
    expect(m.valueAtRisk).toBeGreaterThan(0);
  });

  it("replayMoment(abandoned-cart) gives recovery curves that only rise, ordered as their events nest", () => {
    for (const c of Object.values(r.recovery)) {
      const shares = c.shareBy.filter((s) => s.share !== null).map((s) => s.share!);
      for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeGreaterThanOrEqual(shares[i - 1]);
      for (const s of c.shareBy) if (s.share !== null) expect(s.low! <= s.share && s.share <= s.high!).toBe(true);
    }
    // a purchase of an abandoned item is a purchase, and any purchase comes with a visit
    for (let i = 0; i < 5; i++) {
      const at = (e: string) => r.recovery[e].shareBy[i].share ?? 0;
      expect(at("anyPurchase")).toBeGreaterThanOrEqual(at("abandonedItemBought"));
      expect(at("nextVisit")).toBeGreaterThanOrEqual(at("anyPurchase"));
    }
    const rows = r.timing.rows;
    for (let i = 1; i < rows.length; i++) expect(rows[i].notYetBack!).toBeLessThanOrEqual(rows[i - 1].notYetBack!);
  });

  it("the history reminder shows the abandoned items, so it catches every natural recovery on the return", () => {
    for (const w of ["session", "7d"])
      expect(r.policies[0].hits[w].bought.rate).toBeGreaterThanOrEqual(
        r.moments.outcomes[w].naturalRecoveryRate - 1e-12,
      );
    expect(r.moments.outcomes["7d"].naturalRecoveryRate).toBeGreaterThan(0);
    expect(r.timing.note).toMatch(/cannot tell which delay causes/);
    expect(r.timing.note).toMatch(/Li, Luo, Lu and Moriguchi, Journal of Marketing 85\(4\), 2021/);
  });

  it("replayMoment(abandoned-cart) writes report.md, report.html and report.json, the same bytes for the same seed", async () => {
    const a = tmp.path("rep-a");
    const b = tmp.path("rep-b");
    await replayMoment("abandoned-cart", options({ reportDir: a, resamples: 100 }));
    await replayMoment("abandoned-cart", options({ reportDir: b, resamples: 100 }));
    expect(readdirSync(a).sort()).toEqual(["report.html", "report.json", "report.md"]);
    for (const f of readdirSync(a)) expect(readFileSync(join(a, f))).toEqual(readFileSync(join(b, f)));
    const html = readFileSync(join(a, "report.html"), "utf8");
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).not.toMatch(/<script|src="http/);
  }, 60_000);
});

describe("replay bad input", () => {
  const BIN = join(REPO, "bin", "cartlift.js");
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: "utf8" });

  it("replayMoment(unknown moment) is a usage error naming the known moments", () => {
    expect(() => replayMoment("wishlist", options())).toThrow(
      /"wishlist" is not a moment; the moments are empty-cart, add-to-cart, abandoned-cart, price-drop/,
    );
  });

  it("cartlift replay with an unknown moment, an unknown policy or a model trained after --since exits 2 and writes nothing", async () => {
    const model = tmp.path("all.model");
    await train({ kind: "popular", data, out: model });
    const cases = [
      ["replay", "wishlist", "--data", data],
      ["replay", "add-to-cart", "--data", data, "--policy", "nosuchmodel"],
      ["replay", "abandoned-cart", "--data", data, "--policy", model],
    ];
    for (const [i, args] of cases.entries()) {
      const out = tmp.path(`bad-${i}`);
      const r = cli(...args, "--report", out, "--bootstrap", "50", "-q");
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/not a moment|nosuchmodel|after the cut|no --until|seen the test part/);
      expect(existsSync(out)).toBe(false);
    }
  }, 120_000);
});
