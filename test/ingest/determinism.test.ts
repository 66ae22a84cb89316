import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ingest, type IngestOptions } from "../../src/pipeline/ingest.js";
import { REPO, tempDir } from "../helpers.js";

const FILES = ["events.arrow", "manifest.json", "quarantine.csv"];
const CLEAN = ["events.arrow", "manifest.json"];
const at = (p: string) => join(REPO, p);

const cases: [string, Omit<IngestOptions, "out">, string[]][] = [
  [
    "REES46 CSV with a quarantined row",
    { inputs: [at("datasets/rees46-oct2019-sample/rees46-sample.csv")], preset: "rees46" },
    FILES,
  ],
  ["OTTO JSON Lines", { inputs: [at("datasets/otto-20-sessions/train_first20.jsonl")], preset: "otto" }, CLEAN],
  [
    "UCI Parquet with rejected rows and Europe/London times",
    { inputs: [at("datasets/uci-online-retail/retail_session.parquet.snappy")], preset: "uci-retail" },
    FILES,
  ],
  [
    "RetailRocket fixture with derived sessions",
    { inputs: [at("test/fixtures/presets/retailrocket-events.csv")], preset: "retailrocket" },
    CLEAN,
  ],
  [
    "YOOCHOOSE clicks and buys fixtures together",
    {
      inputs: [at("test/fixtures/presets/yoochoose-clicks.dat"), at("test/fixtures/presets/yoochoose-buys.dat")],
      preset: "yoochoose",
    },
    CLEAN,
  ],
];

describe.each(cases)("ingest of %s, twice", (_name, opts, files) => {
  const tmp = tempDir();
  const a = tmp.path("first");
  const b = tmp.path("second/nested");

  beforeAll(async () => {
    await ingest({ ...opts, out: a });
    await ingest({ ...opts, out: b });
  });

  it("ingest(same input) into two folders writes byte-identical dataset files", () => {
    expect(readdirSync(a).sort()).toEqual([...files].sort());
    for (const f of files) expect(Buffer.compare(readFileSync(join(a, f)), readFileSync(join(b, f))), f).toBe(0);
  });

  it("ingest(same input) over an existing dataset replaces it with the same bytes", async () => {
    const before = files.map((f) => readFileSync(join(a, f)));
    await ingest({ ...opts, out: a });
    files.forEach((f, k) => expect(Buffer.compare(readFileSync(join(a, f)), before[k]), f).toBe(0));
    expect(existsSync(join(a, "quarantine.csv.tmp"))).toBe(false);
  });
});
