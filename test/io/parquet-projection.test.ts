import { describe, expect, it } from "vitest";
import { projectedColumns } from "../../src/io/parquet-projection.js";
import { readRowGroups } from "../../src/io/parquet-row-groups.js";
import { openParquetStream } from "../../src/io/parquet-stream.js";
import { tempDir } from "../helpers.js";
import { awkward } from "../ingest/ga4-awkward.js";
// @ts-expect-error a plain JavaScript module without types (the test and the GA4 bench share it)
import { writeGa4Parquet } from "../../scripts/ga4-parquet.mjs";

const tmp = tempDir("cartlift-parquet-projection-");

const LEAVES = [
  ["event_date"],
  ["event_timestamp"],
  ["event_params", "list", "element", "key"],
  ["event_params", "list", "element", "value", "int_value"],
  ["ecommerce", "transaction_id"],
  ["ecommerce", "tax_value"],
  ["items", "list", "element", "item_id"],
  ["items", "list", "element", "item_name"],
  ["items", "array", "price"], // a list in the legacy two-level encoding
];

describe("projectedColumns", () => {
  it("keeps a top-level field's every leaf, and a named field of a struct or of a list's structs in any encoding", () => {
    expect(
      projectedColumns(LEAVES, [
        "event_timestamp",
        "event_params",
        "ecommerce.transaction_id",
        "items.item_id",
        "items.price",
      ]),
    ).toEqual([
      "event_timestamp",
      "event_params.list.element.key",
      "event_params.list.element.value.int_value",
      "ecommerce.transaction_id",
      "items.list.element.item_id",
      "items.array.price",
    ]);
  });

  it("decodes everything (null) when nothing would be skipped, nothing is known, or a name holds a dot", () => {
    expect(
      projectedColumns(LEAVES, ["event_date", "event_timestamp", "event_params", "ecommerce", "items"]),
    ).toBeNull();
    expect(projectedColumns(LEAVES, ["user_id"])).toBeNull();
    expect(projectedColumns([["a.b"], ["c"]], ["a.b"])).toBeNull();
  });
});

describe("a GA4 Parquet export read with a projection", () => {
  const wanted = ["event_timestamp", "event_name", "items.item_id", "items.price"];

  it("readRowGroups and the streamed reader decode only the fields named; the stream's head has every column", async () => {
    const file = tmp.path("awkward.parquet");
    await writeGa4Parquet(awkward(120, 3), file, 50);
    const fields = (t: { schema: { fields: { name: string; type: { children?: unknown } }[] } }) =>
      t.schema.fields.map((f) => f.name);
    for await (const t of readRowGroups(file, [0, 1], 64, wanted)) {
      expect(fields(t)).toEqual(["event_timestamp", "event_name", "items"]);
      const item = t.schema.fields[2].type as unknown as { children: { type: { children: { name: string }[] } }[] };
      expect(item.children[0].type.children.map((c) => c.name)).toEqual(["item_id", "price"]);
    }
    const stream = await openParquetStream(file, 64, { columns: wanted, headRows: 30 });
    expect(stream.head.numRows).toBe(30);
    expect(fields(stream.head)).toContain("event_date");
    let rows = 0;
    for await (const t of stream.tables()) {
      expect(fields(t)).toEqual(["event_timestamp", "event_name", "items"]);
      rows += t.numRows;
    }
    expect(rows).toBe(120);
  });
});
