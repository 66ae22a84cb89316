import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv, REPO, tempDir } from "../helpers.js";

const BIN = join(REPO, "bin", "cartlift.js");
const tmp = tempDir("cartlift-prices-");

function cartlift(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Item a: 10 on four days, 8 on day 5 (a drop), back to 10 on day 6; item b: one priced event; plus bad prices. */
const CSV = [
  "ts,user,event,item,price",
  "2024-03-01T09:00:00Z,u1,view,a,10",
  "2024-03-02T09:00:00Z,u2,view,a,10",
  "2024-03-03T09:00:00Z,u3,view,a,9",
  "2024-03-03T10:00:00Z,u3,view,a,11",
  "2024-03-04T09:00:00Z,u4,view,a,10",
  "2024-03-05T09:00:00Z,u5,purchase,a,8",
  "2024-03-06T09:00:00Z,u6,view,a,10",
  "2024-03-06T10:00:00Z,u6,view,b,3",
  "2024-03-06T11:00:00Z,u6,view,b,0",
  "2024-03-06T12:00:00Z,u6,view,b,",
].join("\n");

let data = "";
let bare = "";
beforeAll(() => {
  data = tmp.path("ds");
  bare = tmp.path("bare");
  expect(cartlift("ingest", tmp.file("events.csv", CSV), "--out", data, "-q").status).toBe(0);
  const noPrice = CSV.split("\n").map((l) => l.slice(0, l.lastIndexOf(",")));
  expect(cartlift("ingest", tmp.file("noprice.csv", noPrice.join("\n")), "--out", bare, "-q").status).toBe(0);
}, 60_000);

describe("cartlift prices", () => {
  it("cartlift prices --json reports drops, items, itemsWithDrops and the skipped prices", () => {
    const r = cartlift("prices", "--data", data, "--json");
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect([j.drops, j.items, j.itemsWithDrops]).toEqual([1, 2, 1]);
    expect(j.skipped).toEqual({ missing: 1, nonPositive: 1 });
    expect(j.pricedEvents).toBe(8);
    expect(j.itemsTooFewPriced).toBe(1); // b: one priced event
    expect(j.itemsWithChangedPrice).toBe(1);
  });

  it("cartlift prices --item a --out x.csv lists its daily medians and its drop, and writes the history", () => {
    const out = tmp.path("hist.csv");
    const r = cartlift("prices", "--data", data, "--item", "a", "--out", out, "--json");
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.item.days.map((d: { price: number }) => d.price)).toEqual([10, 10, 10, 10, 8, 10]);
    expect(j.item.drops).toEqual([
      {
        item: "a",
        at: "2024-03-05T09:00:00.000Z",
        reference: 10,
        price: 8,
        depth: 0.2,
        restoredAt: "2024-03-06T09:00:00.000Z",
      },
    ]);
    const rows = parseCsv(readFileSync(out, "utf8"));
    expect(rows[0]).toEqual(["item", "day", "price", "events"]);
    expect(rows.slice(1).filter((row) => row.length === 4)).toHaveLength(7);
    expect(rows[3]).toEqual(["a", "2024-03-03", "10", "2"]);
  });

  it("cartlift prices --out x.parquet writes a Parquet history; --out x.txt is a usage error (exit 2)", () => {
    expect(cartlift("prices", "--data", data, "--out", tmp.path("h.parquet"), "-q").status).toBe(0);
    expect(readFileSync(tmp.path("h.parquet")).subarray(0, 4).toString()).toBe("PAR1");
    const bad = cartlift("prices", "--data", data, "--out", tmp.path("h.txt"));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(".csv or .parquet");
  });

  it("cartlift prices on a dataset without prices exits 2 naming the price column", () => {
    const r = cartlift("prices", "--data", bare, "--json");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the column "price" is empty');
    expect(JSON.parse(r.stdout).error.code).toBe("no_prices");
  });

  it("cartlift replay price-drop on a dataset without prices exits 2 naming the price column", () => {
    const r = cartlift("replay", "price-drop", "--data", bare, "-q");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the column "price" is empty');
  });

  it("cartlift replay price-drop --window session exits 2: its windows are durations from the drop", () => {
    const r = cartlift("replay", "price-drop", "--data", data, "--window", "session", "-q");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("durations from the drop");
  });

  it("cartlift replay price-drop --json reports the drop, its audience by signal, cadence and the comparison", () => {
    const r = cartlift(
      "replay",
      "price-drop",
      "--data",
      data,
      "--since",
      "2024-03-02",
      "--policy",
      "popular",
      "--json",
    );
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.moment).toBe("price-drop");
    // the drop of a on 2024-03-05: u1-u4 viewed a before it (u5 bought at the drop's own time: not before it)
    expect([j.moments.drops, j.moments.moments, j.moments.bySignal.viewed.moments]).toEqual([1, 4, 4]);
    expect(j.cadence.weeks.map((w: { drops: number }) => w.drops)).toEqual([0, 1]); // weeks of 26 Feb and 4 Mar
    expect(j.dropEffect.bySignal[0]).toMatchObject({ signal: "viewed", members: 4 });
    expect(j.dropEffect.observational).toMatch(/not causal/);
  });

  it("cartlift replay price-drop --report writes report.md, a self-contained report.html and report.json", () => {
    const dir = tmp.path("pd-report");
    const args = ["replay", "price-drop", "--data", data, "--since", "2024-03-02", "--policy", "popular", "-q"];
    const r = cartlift(...args, "--report", dir);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["report.html", "report.json", "report.md"]);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).toContain("price-drop replay");
    expect(html).not.toMatch(/<script|src="http/);
    const again = tmp.path("pd-report-again");
    expect(cartlift(...args, "--report", again).status).toBe(0);
    for (const f of readdirSync(dir)) expect(readFileSync(join(again, f))).toEqual(readFileSync(join(dir, f)));
  });

  it("cartlift prices --item x exits 2 when x is no item of the data", () => {
    const r = cartlift("prices", "--data", data, "--item", "nope");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('"nope"');
  });
});
