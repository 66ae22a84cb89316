import { describe, expect, it } from "vitest";
import { Int64, Table, tableToIPC, vectorFromArray } from "apache-arrow";
import { writeFileSync } from "node:fs";
import * as pw from "parquet-wasm";
import { ingest } from "../../src/pipeline/ingest.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { tempDir } from "../helpers.js";

describe("Parquet int64 columns", () => {
  const tmp = tempDir();

  it("ingest() keeps every digit of 64-bit integer ids and reads int64 epoch seconds as time", async () => {
    const int64 = (values: bigint[]) => vectorFromArray(values, new Int64());
    const table = new Table({
      user: int64([1n, 2n, 2n]),
      item: int64([10n, 11n, 10n]),
      category: int64([2053013552326770905n, 2103807459595387724n, 2053013552326770905n]),
      ts: int64([1569888000n, 1569888060n, 1569888120n]),
    });
    const parquet = pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(table, "stream")));
    const file = tmp.file("events.parquet", parquet);
    const out = tmp.path("ds");
    const report = await ingest({ inputs: [file], out });
    expect(report).toMatchObject({ read: 3, accepted: 3, rejected: 0 });
    const { table: t } = readDataset(out);
    expect(t.dicts.category.ids()).toEqual(["2053013552326770905", "2103807459595387724"]);
    expect(Array.from(t.ts)).toEqual([1569888000000, 1569888060000, 1569888120000]);
    expect(t.dicts.user.ids()).toEqual(["1", "2"]);
  });
});
