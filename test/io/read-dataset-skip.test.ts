import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readDataset } from "../../src/io/read-dataset.js";
import { ingest } from "../../src/pipeline/ingest.js";
import { REPO, tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-skip-");
let data = "";

beforeAll(async () => {
  data = tmp.path("rees");
  await ingest({
    inputs: [join(REPO, "datasets/rees46-oct2019-sample/rees46-sample.csv")],
    preset: "rees46",
    out: data,
  });
}, 60_000);

describe("readDataset(dir, { skip })", () => {
  it("readDataset with skip leaves those columns empty and loads the others as a full read does", () => {
    const all = readDataset(data).table;
    const some = readDataset(data, { skip: ["price", "order"] }).table;
    expect(all.price.length).toBe(all.length);
    expect([some.price.length, some.order.length]).toEqual([0, 0]);
    for (const c of ["ts", "user", "session", "item", "kind", "quantity", "category"] as const)
      expect(Buffer.from(some[c].buffer).equals(Buffer.from(all[c].buffer)), c).toBe(true);
    expect(some.dicts.item.ids()).toEqual(all.dicts.item.ids());
  });
});
