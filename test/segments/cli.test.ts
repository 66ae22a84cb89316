import { beforeAll, describe, expect, it } from "vitest";
import { execSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { join } from "node:path";
import { REPO, tempDir } from "../helpers.js";
import { wellFormednessProblems } from "../evaluation/html-check.js";

/** `cartlift segment` end to end: outputs, reports, determinism, and exit 2 with named culprits on bad input. */
const BIN = join(REPO, "bin", "cartlift.js");
const tmp = tempDir("cartlift-segment-cli-");
const data = tmp.path("shop");

function cartlift(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: "utf8", env: { ...process.env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(join(REPO, "dist", "cli", "main.js"))) execSync("npm run build --silent", { cwd: REPO });
  const r = cartlift("simulate", "--users", "800", "--items", "200", "--days", "21", "--out", data, "-q");
  expect(r.status).toBe(0);
}, 120_000);

describe("cartlift segment", () => {
  it("--at --json prints every segment's size and share and the next 7 days' purchase rate with an interval", () => {
    const r = cartlift("segment", "--data", data, "--at", "2024-01-10", "--json", "-q");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    const [point] = report.points;
    expect(point.at).toBe("2024-01-10T00:00:00.000Z");
    const lifecycle = point.segments.filter((s: { family: string }) => s.family === "lifecycle");
    expect(lifecycle.reduce((a: number, s: { users: number }) => a + s.users, 0)).toBe(point.users);
    for (const s of point.segments) {
      expect(s.next).not.toBeNull();
      const [low, high] = s.next.purchaseRateInterval;
      expect(low).toBeLessThanOrEqual(s.next.purchaseRate);
      expect(high).toBeGreaterThanOrEqual(s.next.purchaseRate);
    }
  });

  it("--every 1d writes one row per user and point (CSV, JSON Lines, Parquet alike) and the same bytes twice", async () => {
    const args = ["segment", "--data", data, "--every", "1d", "--from", "2024-01-08", "--to", "2024-01-20", "-q"];
    for (const ext of ["csv", "jsonl", "parquet"])
      expect(cartlift(...args, "--out", tmp.path(`a.${ext}`)).status).toBe(0);
    const r = cartlift(...args, "--out", tmp.path("b.csv"), "--report", tmp.path("report"), "--json");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.points.length).toBe(13);
    const rows = readFileSync(tmp.path("a.csv"), "utf8").trim().split("\n").length - 1;
    expect(rows).toBe(report.points.reduce((a: number, p: { users: number }) => a + p.users, 0));
    expect(readFileSync(tmp.path("a.jsonl"), "utf8").trim().split("\n").length).toBe(rows);
    const pw = await import("parquet-wasm");
    const parquet = tableFromIPC(pw.readParquet(readFileSync(tmp.path("a.parquet"))).intoIPCStream());
    expect(parquet.numRows).toBe(rows);
    const jsonl = readFileSync(tmp.path("a.jsonl"), "utf8").trim().split("\n");
    for (let x = 0; x < rows; x += 97) {
      const row = parquet.get(x)!.toJSON();
      const asJson = { ...row, at: new Date(Number(row.at)).toISOString(), segments: [...row.segments!] };
      expect(asJson).toEqual(JSON.parse(jsonl[x]));
    }
    expect(parquet.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      "user:Utf8",
      "at:Timestamp<MILLISECOND, UTC>",
      "lifecycle:Utf8",
      "segments:List<Utf8>",
      "r:Uint8",
      "f:Uint8",
      "m:Uint8",
      "rfm_group:Utf8",
    ]);
    expect(readFileSync(tmp.path("a.csv")).equals(readFileSync(tmp.path("b.csv")))).toBe(true);
    // transitions: users only move forward through the lifecycle
    const t = report.transitions;
    expect(t.lagMs).toBe(7 * 86_400_000);
    for (let from = 1; from < t.states.length; from++)
      for (let to = 0; to < from; to++) expect(t.counts[from][to]).toBe(0);
    const html = readFileSync(join(tmp.path("report"), "report.html"), "utf8");
    expect(wellFormednessProblems(html)).toEqual([]);
    for (const chart of ["sizes", "lifecycle", "conversion"]) expect(html).toContain(`data-chart="${chart}"`);
    expect(readFileSync(join(tmp.path("report"), "report.md"), "utf8")).toContain("## Lifecycle transitions");
  });

  it("exits 2 naming the rule and the field for an unknown field, a cycle or an impossible window", () => {
    const cases: [object, string][] = [
      [
        { segments: { x: { count: { event: "view", within: "7d", atleast: 2 } } } },
        'segment "x": field "count.atleast"',
      ],
      [{ segments: { a: { segment: "b" }, b: { segment: "a" } } }, "a cycle between segments: a -> b -> a"],
      [
        { segments: { w: { count: { event: "view", within: "-1d", atLeast: 1 } } } },
        'segment "w": field "count.within"',
      ],
    ];
    for (const [rules, message] of cases) {
      const file = tmp.file(`rules-${message.length}.json`, JSON.stringify(rules));
      const r = cartlift("segment", "--data", data, "--rules", file, "--out", tmp.path("never.csv"), "--json");
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(message);
      expect(JSON.parse(r.stdout).error.code).toBe("bad_rules");
      expect(existsSync(tmp.path("never.csv"))).toBe(false);
    }
  });

  it("exits 2 with a clear message for --at outside the data, not an empty success", () => {
    for (const at of ["2023-06-01", "2024-03-01"]) {
      const r = cartlift("segment", "--data", data, "--at", at);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--at .* is outside the data \(events from 2024-01-01.* to 2024-01-21/);
    }
    expect(cartlift("segment", "--data", data, "--out", tmp.path("x.txt")).stderr).toContain(
      ".csv, .jsonl or .parquet",
    );
  });
});
