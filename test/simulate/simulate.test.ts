import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { simulate, type SimulateReport } from "../../src/pipeline/simulate.js";
import { simulateTruth } from "../../src/pipeline/simulate-truth.js";
import { inspectDataset } from "../../src/pipeline/inspect.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { emptyCartMoments } from "../../src/moments/empty-cart-moments.js";
import { train } from "../../src/pipeline/train.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir();
let shop: SimulateReport;

beforeAll(async () => {
  shop = await simulate({ out: tmp.path("shop"), config: { users: 20_000, seed: 7 } });
}, 60_000);

describe("cartlift simulate", () => {
  it("simulate(out: dir) writes a dataset that ingests with no options, and its counts reconcile with the report", () => {
    const { table, manifest } = readDataset(tmp.path("shop"));
    expect(table.length).toBe(shop.events);
    expect(manifest.counts.rejected).toBe(0);
    expect(Object.values(shop.eventsByType).reduce((a, b) => a + b, 0)).toBe(shop.events);
    expect(table.dicts.user.size).toBe(20_000); // every simulated shopper comes at least once
    expect(table.dicts.session.size).toBe(shop.sessions);
  });

  it("simulate with the default settings matches the REES46 sample's funnel and session lengths within the stated tolerances", () => {
    const p = inspectDataset(tmp.path("shop"), { top: 0, cartTtlMs: 86_400_000 });
    const share = (type: "view" | "cart_add" | "purchase") => p.eventsByType[type] / p.events;
    // REES46 head (../shared/datasets): view 97.8%, cart 0.95%, purchase 1.23%; sessions mean 3.44, median 2
    expect(share("view")).toBeGreaterThan(0.97);
    expect(share("view")).toBeLessThan(0.985);
    expect(share("cart_add")).toBeGreaterThan(0.006);
    expect(share("cart_add")).toBeLessThan(0.012);
    expect(share("purchase")).toBeGreaterThan(0.009);
    expect(share("purchase")).toBeLessThan(0.015);
    expect(p.sessionLength.mean).toBeGreaterThan(3.0);
    expect(p.sessionLength.mean).toBeLessThan(3.8);
    expect(p.sessionLength.p50).toBe(2);
    expect(p.sessionLength.p25).toBe(1);
    // by session: view to cart 2.3%, cart to purchase 55%
    expect(p.funnel.bySession.viewToCart).toBeGreaterThan(0.015);
    expect(p.funnel.bySession.viewToCart).toBeLessThan(0.035);
    expect(p.funnel.bySession.cartToPurchase).toBeGreaterThan(0.45);
    expect(p.funnel.bySession.cartToPurchase).toBeLessThan(0.7);
  });

  it("simulate(out: .parquet) writes the same events as the CSV, and it ingests with no options; same seed, same bytes", async () => {
    const { ingest } = await import("../../src/pipeline/ingest.js");
    const p = await simulate({ out: tmp.path("pq/shop.parquet"), config: { users: 3000, seed: 5 } });
    const again = await simulate({ out: tmp.path("pq/again.parquet"), config: { users: 3000, seed: 5 } });
    expect(readFileSync(p.files.events).equals(readFileSync(again.files.events))).toBe(true);
    const c = await simulate({ out: tmp.path("pq/shop.csv"), config: { users: 3000, seed: 5 } });
    await ingest({ inputs: [p.files.events], out: tmp.path("pq/ds-parquet") });
    await ingest({ inputs: [c.files.events], out: tmp.path("pq/ds-csv") });
    const a = readDataset(tmp.path("pq/ds-parquet")).table;
    const b = readDataset(tmp.path("pq/ds-csv")).table;
    expect(a.length).toBe(p.events);
    expect(b.length).toBe(a.length);
    for (let i = 0; i < a.length; i += 97) {
      expect(a.ts[i]).toBe(b.ts[i]);
      expect(a.dicts.item.get(a.item[i])).toBe(b.dicts.item.get(b.item[i]));
      expect(a.dicts.session.get(a.session[i])).toBe(b.dicts.session.get(b.session[i]));
      expect(a.kind[i]).toBe(b.kind[i]);
      expect(a.price[i]).toBe(b.price[i]);
    }
  });

  it("simulate twice with the same seed writes the same bytes; another seed, other bytes", async () => {
    const a = await simulate({ out: tmp.path("a.csv"), config: { users: 2000, seed: 3 }, widget: {} });
    const b = await simulate({ out: tmp.path("b.csv"), config: { users: 2000, seed: 3 }, widget: {} });
    for (const f of ["events", "world", "moments", "exposures"] as const)
      expect(readFileSync(a.files[f]).equals(readFileSync(b.files[f]))).toBe(true);
    const c = await simulate({ out: tmp.path("c.csv"), config: { users: 2000, seed: 4 } });
    expect(readFileSync(c.files.events).equals(readFileSync(a.files.events))).toBe(false);
  });
});

describe("simulated empty-cart moments and widget truth", () => {
  // a shop where carts are often left and users come back: many moments
  const busy = {
    users: 30_000,
    items: 2000,
    seed: 11,
    cartRate: 0.06,
    buyCartedRate: 0.2,
    cartReturnRate: 0.95,
    returnMedianDays: 3,
  };
  let report: SimulateReport;
  beforeAll(async () => {
    report = await simulate({ out: tmp.path("busy.csv"), config: busy, widget: { policy: "random", clickBias: -2 } });
  }, 60_000);

  it("the moments the simulator records are the ones the replay's detector finds in its log", async () => {
    const ds = tmp.path("busy-ds");
    const { ingest } = await import("../../src/pipeline/ingest.js");
    await ingest({ inputs: [report.files.events], out: ds });
    const { table } = readDataset(ds);
    const found = emptyCartMoments(table, 86_400_000).moments.map(
      (m) => `${table.dicts.user.get(m.user)}@${new Date(table.ts[m.event]).toISOString()}`,
    );
    const recorded = readFileSync(report.files.moments, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).id as string);
    expect(report.moments).toBeGreaterThan(1000);
    expect(found.sort()).toEqual(recorded.sort());
  });

  it("the logging policy's true expected clicks and orders match their simulated averages", async () => {
    const truth = await simulateTruth({ world: report.files.world, policy: "logging" });
    const rows = readFileSync(report.files.exposures, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(","));
    const perMoment = new Map<string, { clicks: number; orders: number }>();
    for (const r of rows) {
      const key = `${r[1]}@${r[0]}`;
      const m = perMoment.get(key) ?? { clicks: 0, orders: 0 };
      m.clicks += Number(r[7]);
      m.orders += Number(r[8]);
      perMoment.set(key, m);
    }
    const n = truth.moments;
    // moments without candidates showed nothing: they count as zero clicks
    const clicks = [...[...perMoment.values()].map((m) => m.clicks), ...new Array(n - perMoment.size).fill(0)];
    const mean = clicks.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(clicks.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    expect(n).toBeGreaterThan(1000);
    expect(Math.abs(mean - truth.expectedClicksPerMoment)).toBeLessThan(4 * (sd / Math.sqrt(n)) + 1e-9);
    const orders = [...perMoment.values()].reduce((a, m) => a + m.orders, 0) / n;
    expect(Math.abs(orders - truth.expectedOrdersPerMoment)).toBeLessThan(
      4 * Math.sqrt(truth.expectedOrdersPerMoment / n) + 1e-9,
    );
  });

  it("simulate truth scores other policies, including a trained model, on the same moments", async () => {
    const ds = tmp.path("busy-ds2");
    const { ingest } = await import("../../src/pipeline/ingest.js");
    await ingest({ inputs: [report.files.events], out: ds });
    await train({ kind: "history", data: ds, out: tmp.path("history.model") });
    const expired = await simulateTruth({
      world: report.files.world,
      policy: "expired",
      out: tmp.path("expired-truth.jsonl"),
    });
    const rows = readFileSync(tmp.path("expired-truth.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(expired.moments);
    expect(rows.reduce((a, r) => a + r.clicks, 0)).toBeCloseTo(expired.expectedClicks, 9);
    const model = await simulateTruth({ world: report.files.world, policy: tmp.path("history.model") });
    expect(model.moments).toBe(expired.moments);
    expect(model.expectedClicksPerMoment).toBeGreaterThan(0);
    expect(expired.expectedClicksPerMoment).toBeGreaterThan(0);
  });
});
