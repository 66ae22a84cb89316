import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { readDataset } from "../../src/io/read-dataset.js";
import type { EventTable } from "../../src/data/event-table.js";
import { trainCovis } from "../../src/models/covis/train-covis.js";
import { NORMALISATIONS } from "../../src/models/covis/normalise.js";
import { REPO, tempDir } from "../helpers.js";

/**
 * Golden files: the neighbour lists of the first 80 items of the shipped OTTO sample (user timelines, every
 * normalisation),
 * as text, so that any change to counting, weighting or ranking shows up as a diff to review.
 * The values themselves are checked by hand elsewhere (covis-counting.test.ts); regenerate after an
 * intended change with UPDATE_GOLDEN=1 npx vitest run test/models/covis-golden.test.ts
 */
const GOLDEN = join(REPO, "test", "fixtures", "golden");
const tmp = tempDir();
let table: EventTable;

beforeAll(async () => {
  const out = tmp.path("otto");
  await ingest({ inputs: [join(REPO, "datasets/otto-20-sessions/train_first20.jsonl")], preset: "otto", out });
  table = readDataset(out).table;
});

function render(normalisation: (typeof NORMALISATIONS)[number]): string {
  const m = trainCovis(table, { scope: "user", normalisation, k: 10, matrices: ["covisit", "buy2buy"] });
  const lines = ["matrix\titem\tneighbour\tscore"];
  for (const [name, csr] of Object.entries(m.matrices)) {
    for (let a = 0; a < Math.min(csr.rows, 80); a++) {
      for (let q = csr.indptr[a]; q < csr.indptr[a + 1]; q++)
        lines.push(
          `${name}\t${table.dicts.item.get(a)}\t${table.dicts.item.get(csr.indices[q])}\t${csr.data[q].toFixed(9)}`,
        );
    }
  }
  return lines.join("\n") + "\n";
}

describe("co-visitation golden files", () => {
  for (const normalisation of NORMALISATIONS) {
    it(`trainCovis(otto, normalisation: ${normalisation}) matches test/fixtures/golden/covis-${normalisation}.tsv`, () => {
      const file = join(GOLDEN, `covis-${normalisation}.tsv`);
      const text = render(normalisation);
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, text);
      expect(existsSync(file), `${file} is missing: regenerate with UPDATE_GOLDEN=1`).toBe(true);
      expect(text).toBe(readFileSync(file, "utf8"));
      expect(text.split("\n").length).toBeGreaterThan(200);
    });
  }
});
