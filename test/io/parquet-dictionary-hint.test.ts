import { describe, expect, it } from "vitest";
import { openAsBlob, readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC, Type, type Data, type Table } from "apache-arrow";
import { plain } from "../../src/io/arrow-plain.js";
import { withDictionaryHint } from "../../src/io/parquet-dictionary-hint.js";
import { footerWithKeyValue } from "../../src/io/parquet-footer.js";
import { REPO, tempDir } from "../helpers.js";
// @ts-expect-error a plain JavaScript module without types (the test and the GA4 bench share it)
import { writeGa4Parquet } from "../../scripts/ga4-parquet.mjs";

/**
 * The footer rewrite that makes parquet-wasm decode chosen text columns as Arrow dictionaries: the values read must not
 * change, only their encoding, and the footer's other entries must survive.
 */
const tmp = tempDir("cartlift-dict-hint-");
const FIX = join(REPO, "test", "fixtures", "sources", "ga4", "events.jsonl");
const records = () =>
  readFileSync(FIX, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

type Pw = typeof import("parquet-wasm");
const pw = async (): Promise<Pw> => await import("parquet-wasm");

async function readAll(blob: Blob): Promise<Table> {
  const file = await (await pw()).ParquetFile.fromFile(blob);
  return tableFromIPC((await file.read({ batchSize: 3 })).intoIPCStream());
}

function itemField(t: Table, name: string): Data {
  const items = t.batches[0].data.children[t.schema.fields.findIndex((f) => f.name === "items")];
  const struct = items.children[0];
  const fields = (struct.type as { children: { name: string }[] }).children;
  return struct.children[fields.findIndex((f) => f.name === name)];
}

describe("withDictionaryHint", () => {
  it("withDictionaryHint(items.item_id, items.item_category) reads those as dictionaries and every record as before", async () => {
    const file = tmp.path("ga4.parquet");
    await writeGa4Parquet(records(), file, 4); // several row groups, so several column-chunk dictionaries
    const blob = await openAsBlob(file);
    const before = await readAll(blob);
    const hinted = await withDictionaryHint(blob, before.schema, ["items.item_id", "items.item_category"]);
    expect(hinted).not.toBeNull();
    const after = await readAll(hinted!);
    expect(itemField(before, "item_id").typeId).toBe(Type.Utf8);
    expect(itemField(after, "item_id").typeId).toBe(Type.Dictionary);
    expect(itemField(after, "item_category").typeId).toBe(Type.Dictionary);
    expect(itemField(after, "item_name").typeId).toBe(Type.Utf8); // not asked for
    expect(after.numRows).toBe(records().length);
    const rows = (t: Table) => Array.from({ length: t.numRows }, (_, i) => JSON.stringify(plain(t.get(i))));
    expect(rows(after)).toEqual(rows(before));
  });

  it("withDictionaryHint gives null when no asked-for column is text, and the file is then read as it is", async () => {
    const file = tmp.path("plain.parquet");
    await writeGa4Parquet(records(), file);
    const blob = await openAsBlob(file);
    const t = await readAll(blob);
    expect(await withDictionaryHint(blob, t.schema, ["items.price", "no_such_field"])).toBeNull();
  });
});

describe("footerWithKeyValue", () => {
  it("footerWithKeyValue sets its key once, keeps the file's other key-value entries, and the file still reads", async () => {
    const p = await pw();
    const source = await readAll(
      await openAsBlob(
        await (async () => {
          const f = tmp.path("kv-source.parquet");
          await writeGa4Parquet(records(), f);
          return f;
        })(),
      ),
    );
    const props = new p.WriterPropertiesBuilder().setKeyValueMetadata(new Map([["shop", "north"]])).build();
    const { tableToIPC } = await import("apache-arrow");
    const bytes = p.writeParquet(p.Table.fromIPCStream(tableToIPC(source, "stream")), props);
    const rewrite = (file: Uint8Array, key: string, value: string): Uint8Array => {
      const view = new DataView(file.buffer, file.byteOffset);
      const length = view.getUint32(file.length - 8, true);
      const start = file.length - 8 - length;
      const footer = footerWithKeyValue(file.subarray(start, file.length - 8), key, value);
      const out = new Uint8Array(start + footer.length + 8);
      out.set(file.subarray(0, start));
      out.set(footer, start);
      new DataView(out.buffer).setUint32(start + footer.length, footer.length, true);
      out.set(file.subarray(file.length - 4), start + footer.length + 4);
      return out;
    };
    const once = rewrite(bytes, "cartlift", "1");
    const twice = rewrite(once, "cartlift", "2");
    const meta = async (b: Uint8Array) =>
      (await p.ParquetFile.fromFile(new Blob([b]))).metadata().fileMetadata().keyValueMetadata() as Map<string, string>;
    expect((await meta(once)).get("cartlift")).toBe("1");
    const kv = await meta(twice);
    expect(kv.get("cartlift")).toBe("2");
    expect(kv.get("shop")).toBe("north");
    expect([...kv.keys()].filter((k) => k === "cartlift")).toHaveLength(1);
    expect((await readAll(new Blob([twice]))).numRows).toBe(source.numRows);
  });
});
