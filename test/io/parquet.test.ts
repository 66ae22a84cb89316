import { describe, expect, it } from "vitest";
import { Int64, Table, tableToIPC, vectorFromArray } from "apache-arrow";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../src/errors.js";
import * as pw from "parquet-wasm";
import { ingest } from "../../src/pipeline/ingest.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { REPO, tempDir } from "../helpers.js";

describe("Parquet input", () => {
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

  const shipped = readFileSync(join(REPO, "datasets/uci-online-retail/retail_session.parquet.snappy"));

  it("ingest() reports a truncated Parquet file as bad_parquet and writes nothing", async () => {
    const file = tmp.file("truncated.parquet", shipped.subarray(0, shipped.length >> 1));
    const out = tmp.path("ds-truncated");
    const e = await ingest({ inputs: [file], out, preset: "uci-retail" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).code).toBe("bad_parquet");
    expect((e as InputError).message).toContain(`${file}: not a readable Parquet file`);
    expect(existsSync(out)).toBe(false);
  });

  it("ingest() turns a decoder crash on corrupted Parquet pages into bad_parquet instead of dying", async () => {
    const bytes = Uint8Array.from(shipped);
    for (let i = 100_000; i < 1_500_000; i += 5_000) bytes[i] ^= 0xff; // flip bytes inside the data pages
    const file = tmp.file("flipped.parquet", bytes);
    const out = tmp.path("ds-flipped");
    const e = await ingest({ inputs: [file], out, preset: "uci-retail" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).code).toBe("bad_parquet");
    expect((e as InputError).message).toMatch(/flipped\.parquet: corrupt Parquet data/);
    expect(existsSync(out)).toBe(false);
  });
});
