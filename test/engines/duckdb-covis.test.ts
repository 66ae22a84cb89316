import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Csr } from "../../src/data/csr.js";
import type { EventTable } from "../../src/data/event-table.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { covisKind } from "../../src/models/covis/covis-kind.js";
import type { CovisModel } from "../../src/models/covis/covis-model.js";
import { memoryEstimate } from "../../src/models/covis/memory-estimate.js";
import type { GivenOptions } from "../../src/models/option-table.js";
import { ingest } from "../../src/pipeline/ingest.js";
import { train } from "../../src/pipeline/train.js";
import { REPO, tempDir } from "../helpers.js";

// The DuckDB engine against the in-memory counter on the shipped samples: the same neighbours in the same order
// wherever scores differ beyond float rounding, scores within 1e-6 relative.
const tmp = tempDir("cartlift-duckdb-covis-");
const data: Record<string, string> = {};
const tables: Record<string, EventTable> = {};

beforeAll(async () => {
  data.otto = tmp.path("otto");
  await ingest({
    inputs: [join(REPO, "datasets/otto-20-sessions/train_first20.jsonl")],
    preset: "otto",
    out: data.otto,
  });
  data.rees = tmp.path("rees");
  await ingest({
    inputs: [join(REPO, "datasets/rees46-oct2019-sample/rees46-sample.csv")],
    preset: "rees46",
    out: data.rees,
  });
  for (const k of Object.keys(data)) tables[k] = readDataset(data[k]).table;
}, 60_000);

async function covisit(t: EventTable, given: GivenOptions): Promise<Csr> {
  const { model } = await covisKind.fit(t, given, { until: Infinity, threads: 1 });
  return (model as CovisModel).matrices.covisit as Csr;
}

const close = (x: number, y: number) => Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y));

/** Differences between two neighbour lists beyond rounding (at most a few, for the message). */
function differences(want: Csr, got: Csr): string[] {
  const out: string[] = [];
  for (let a = 0; a < want.rows && out.length < 5; a++) {
    const [w0, w1, g0, g1] = [want.indptr[a], want.indptr[a + 1], got.indptr[a], got.indptr[a + 1]];
    if (w1 - w0 !== g1 - g0) {
      out.push(`anchor ${a}: ${w1 - w0} neighbours in memory, ${g1 - g0} on DuckDB`);
      continue;
    }
    for (let q = 0; q < w1 - w0; q++) {
      const [ws, gs] = [want.data[w0 + q], got.data[g0 + q]];
      if (!close(ws, gs)) out.push(`anchor ${a} place ${q}: score ${ws} in memory, ${gs} on DuckDB`);
      else if (want.indices[w0 + q] !== got.indices[g0 + q]) {
        // another order is fine only among scores equal within rounding
        const tie =
          (q > 0 && close(ws, want.data[w0 + q - 1])) || (q + 1 < w1 - w0 && close(ws, want.data[w0 + q + 1]));
        if (!tie)
          out.push(`anchor ${a} place ${q}: item ${want.indices[w0 + q]} in memory, ${got.indices[g0 + q]} on DuckDB`);
      }
    }
  }
  return out;
}

describe("train covis --engine duckdb", () => {
  const cases: [string, string, GivenOptions][] = [
    ["otto", "defaults (session timelines, weights 1/6/3, gap 30, 24 h, 1/gap)", {}],
    [
      "otto",
      "user timelines, cosine, 7-day half-life, k 20",
      { scope: "user", normalise: "cosine", "half-life": 7 * 86_400_000, k: 20 },
    ],
    [
      "rees",
      "bm25, no position decay, min support 1.5, 4 buckets",
      { normalise: "bm25", "position-decay": false, "min-support": 1.5, buckets: 4 },
    ],
    ["otto", "lift, gap 5, 1 h window, 3 buckets", { normalise: "lift", "max-gap": 5, window: 3_600_000, buckets: 3 }],
    ["rees", "jaccard, cart weight 10", { normalise: "jaccard", weights: { cart_add: 10 } }],
  ];
  for (const [sample, what, given] of cases)
    it(`covisKind.fit(${sample}, ${what}) on DuckDB gives the in-memory lists`, async () => {
      const t = tables[sample];
      const memory = await covisit(t, given);
      const duck = await covisit(t, { ...given, engine: "duckdb", "memory-limit": 256e6, "temp-dir": tmp.dir });
      expect(memory.indices.length).toBeGreaterThan(100);
      expect(differences(memory, duck)).toEqual([]);
    }, 60_000);

  it("train(--engine duckdb) with an unwritable --temp-dir fails naming it and writes no model", async () => {
    const file = tmp.file("not-a-folder", "x");
    const out = tmp.path("never.model");
    await expect(
      train({ kind: "covis", data: data.otto, out, options: { engine: "duckdb", "temp-dir": join(file, "sub") } }),
    ).rejects.toThrow(/--temp-dir .*not-a-folder\/sub: cannot write there/);
    expect(existsSync(out)).toBe(false);
  });

  it("train(--engine duckdb --memory-limit 1MB) fails naming the smallest workable limit", async () => {
    const out = tmp.path("small.model");
    await expect(
      train({ kind: "covis", data: data.rees, out, options: { engine: "duckdb", "memory-limit": 1 << 20 } }),
    ).rejects.toThrow(/--memory-limit 1MB is too small for 17,434 events: the smallest workable limit is about \d+MB/);
    expect(existsSync(out)).toBe(false);
  });

  it("covisKind.fit(--engine auto) says which engine it chose and why: memory under the limit, DuckDB over it", async () => {
    const lines: string[] = [];
    const fit = (limit: number) =>
      covisKind.fit(
        tables.rees,
        { engine: "auto", "memory-limit": limit, "temp-dir": tmp.dir },
        {
          until: Infinity,
          threads: 1,
          onLog: (line) => lines.push(line),
        },
      );
    await fit(4e9);
    expect(lines.pop()).toMatch(
      /^engine auto: the in-memory count needs about 0\.\d\d GB, --memory-limit is 4\.00 GB: counting in memory$/,
    );
    // 17,434 events need under 1 GB: a limit below the estimate sends the count to DuckDB, which then refuses a
    // limit below its own smallest workable one (so the choice is visible in the error)
    await expect(fit(2 << 20)).rejects.toThrow(/smallest workable limit/);
    expect(lines.pop()).toMatch(/counting on DuckDB$/);
  });

  it("covisKind.fit(--engine auto) at the boundary: a limit equal to the estimate counts in memory, 1 byte less on DuckDB", async () => {
    const t = tables.rees;
    const need = 240e6 + 57.2 * t.length + 17.3 * t.dicts.item.size * 50;
    expect(memoryEstimate(t, { k: 50, matrices: 1, halfLife: false })).toBeCloseTo(need, 3);
    const fit = (limit: number) =>
      covisKind.fit(t, { engine: "auto", "memory-limit": limit, "temp-dir": tmp.dir }, { until: Infinity, threads: 1 });
    const atLimit = await fit(Math.ceil(need));
    expect(atLimit.run?.engine).toBeUndefined();
    const below = await fit(Math.floor(need) - 1);
    expect(below.run?.engine).toBe("duckdb");
    const [m, d] = [atLimit.model as CovisModel, below.model as CovisModel];
    expect(differences(m.matrices.covisit as Csr, d.matrices.covisit as Csr)).toEqual([]);
  }, 60_000);

  it("covisKind.fit(matrices buy2buy, --engine duckdb) is a usage error: the engines count covisit only", async () => {
    await expect(covisit(tables.otto, { engine: "duckdb", matrices: ["covisit", "buy2buy"] })).rejects.toThrow(
      /count the covisit list only/,
    );
  });
});
