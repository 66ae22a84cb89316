import { describe, expect, it } from "vitest";
import { ingest } from "../../src/pipeline/ingest.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-read-dataset-");

describe("readDataset", () => {
  it("readDataset(dir) gives NaN for every missing price and -1 for every missing category, at exactly their rows", async () => {
    // one user, times increasing: the dataset keeps the file's order; missing cells at irregular rows, runs of 8+
    // valid rows included (whole bitmap bytes) and runs of missing ones
    const n = 70;
    const priceMissing = (i: number) => i % 3 === 0 || (i >= 40 && i < 52);
    const categoryMissing = (i: number) => i % 11 === 0 || i === 69;
    const rows = ["ts,user,event,item,price,category"];
    for (let i = 0; i < n; i++)
      rows.push(
        `${new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString()},u1,view,i${i % 9},` +
          `${priceMissing(i) ? "" : (i + 0.5).toFixed(2)},${categoryMissing(i) ? "" : `c${i % 4}`}`,
      );
    const out = tmp.path("nulls");
    await ingest({ inputs: [tmp.file("nulls.csv", rows.join("\n") + "\n")], out });
    const { table } = readDataset(out);
    expect(table.length).toBe(n);
    for (let i = 0; i < n; i++) {
      if (priceMissing(i)) expect(table.price[i], `price row ${i}`).toBeNaN();
      else expect(table.price[i], `price row ${i}`).toBe(i + 0.5);
      const category = table.category[i];
      if (categoryMissing(i)) expect(category, `category row ${i}`).toBe(-1);
      else expect(table.dicts.category.get(category), `category row ${i}`).toBe(`c${i % 4}`);
    }
  });
});
