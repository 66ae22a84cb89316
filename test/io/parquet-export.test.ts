import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { EVENT_KINDS } from "../../src/data/event-kind.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { datasetExport } from "../../src/pipeline/dataset-export.js";
import { ingest } from "../../src/pipeline/ingest.js";
import { tempDir } from "../helpers.js";

const REPO = resolve(import.meta.dirname, "../..");
const tmp = tempDir("cartlift-parquet-export-");

async function rowsOf(glob: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  const r = await c.runAndReadAll(
    `select epoch_ms(ts)::double as ts, "row"::double as "row", "user", "session", item, event, price, quantity, category, "order",
       user_code, session_code, item_code, event_code, category_code, order_code
     from read_parquet('${glob}', hive_partitioning = false) order by "row"`,
  );
  const rows = r.getRowObjects() as Record<string, unknown>[];
  c.closeSync();
  return rows;
}

describe("cartlift dataset export --format parquet", () => {
  it("datasetExport(--partition-by day) writes every event once, ids and codes equal to the dataset's, one folder per day", async () => {
    const data = tmp.path("rees");
    await ingest({
      inputs: [join(REPO, "datasets/rees46-oct2019-sample/rees46-sample.csv")],
      preset: "rees46",
      out: data,
    });
    const out = tmp.path("rees-parquet");
    const r = await datasetExport({ data, out, format: "parquet", partitionBy: "day" });
    const { table: t } = readDataset(data);
    expect(r.rows).toBe(t.length);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.format).toBe("cartlift-parquet");
    expect(manifest.dataset.events).toBe(t.length);
    expect(manifest.parts.reduce((s: number, p: { rows: number }) => s + p.rows, 0)).toBe(t.length);
    // each part sits in the folder of its rows' day
    const days = new Set<string>();
    for (let i = 0; i < t.length; i++) days.add(new Date(t.ts[i]).toISOString().slice(0, 10));
    expect(manifest.parts.map((p: { path: string }) => p.path.split("/")[0]).sort()).toEqual(
      [...days].sort().map((d) => `day=${d}`),
    );
    const rows = await rowsOf(join(out, "*/*.parquet"));
    expect(rows.length).toBe(t.length);
    const bad: string[] = [];
    // read back by an independent reader, in the order of the row column: the dataset's rows, one for one
    for (let i = 0; i < t.length; i++) {
      const row = rows[i];
      const want = {
        ts: t.ts[i],
        row: i,
        user: t.dicts.user.get(t.user[i]),
        session: t.dicts.session.get(t.session[i]),
        item: t.dicts.item.get(t.item[i]),
        event: EVENT_KINDS[t.kind[i]],
        price: Number.isNaN(t.price[i]) ? null : t.price[i],
        quantity: t.quantity[i],
        category: t.category[i] < 0 ? null : t.dicts.category.get(t.category[i]),
        order: t.order[i] < 0 ? null : t.dicts.order.get(t.order[i]),
        user_code: t.user[i],
        session_code: t.session[i],
        item_code: t.item[i],
        event_code: t.kind[i],
        category_code: t.category[i] < 0 ? null : t.category[i],
        order_code: t.order[i] < 0 ? null : t.order[i],
      };
      for (const [key, v] of Object.entries(want)) if (row[key] !== v && bad.length < 5) bad.push(`${key} row ${i}`);
    }
    expect(bad).toEqual([]);
  });

  it("datasetExport(no partition) into a folder holding other files refuses it and leaves the files as they were", async () => {
    const data = tmp.path("otto");
    await ingest({ inputs: [join(REPO, "datasets/otto-20-sessions/train_first20.jsonl")], preset: "otto", out: data });
    const out = tmp.path("busy");
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    await expect(datasetExport({ data, out, format: "parquet", partitionBy: undefined })).rejects.toThrow(
      /not a cartlift Parquet export \(notes\.txt\)/,
    );
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
    // a second export over the first replaces it whole
    const again = tmp.path("again");
    await datasetExport({ data, out: again, format: "parquet", partitionBy: "none" });
    const r = await datasetExport({ data, out: again, format: "parquet", partitionBy: "day" });
    expect(existsSync(join(again, "part-00000.parquet"))).toBe(false);
    expect(r.partitions).toBe(29); // 2022-07-31 .. 2022-08-28, UTC days
    expect((await rowsOf(join(again, "*/*.parquet"))).length).toBe(r.rows);
  });

  it("datasetExport(--format csv) is a usage error naming the supported format", async () => {
    await expect(
      datasetExport({ data: tmp.path("otto"), out: tmp.path("x"), format: "csv", partitionBy: undefined }),
    ).rejects.toThrow(/--format csv is not supported/);
  });
});
