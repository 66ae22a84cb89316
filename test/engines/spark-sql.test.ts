import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { CovisSql } from "../../src/engines/covis-sql.js";
import { covisSqlParams } from "../../src/models/covis/fit-covis-duckdb.js";
import { datasetExport } from "../../src/pipeline/dataset-export.js";
import { emitCovisSql } from "../../src/pipeline/emit-covis-sql.js";
import { ingest } from "../../src/pipeline/ingest.js";
import { train } from "../../src/pipeline/train.js";
import { REPO, tempDir } from "../helpers.js";

// The Spark script cannot run here (no Spark on these machines). Its statements are run on DuckDB where the two
// dialects overlap: everything but the SET lines, the parquet.`path` source and INSERT OVERWRITE DIRECTORY, with
// unix_millis defined as DuckDB's epoch_ms. What that leaves untested is said in docs/scale-out.md.
const tmp = tempDir("cartlift-spark-sql-");
const data = tmp.path("otto");
const exported = tmp.path("otto-parquet");

beforeAll(async () => {
  await ingest({ inputs: [join(REPO, "datasets/otto-20-sessions/train_first20.jsonl")], preset: "otto", out: data });
  await datasetExport({ data, out: exported, format: "parquet", partitionBy: "day" });
}, 60_000);

describe("train covis --engine spark --emit-sql", () => {
  it("emitCovisSql writes a script whose statements, run on DuckDB, give top-k pairs that --from-pairs turns into the in-memory model, byte for byte", async () => {
    const script = tmp.path("covis.sql");
    const options = { engine: "spark", normalise: "cosine", k: 20 };
    emitCovisSql({ kind: "covis", options, emitSql: script, input: exported, output: "/spark/out" });
    const text = readFileSync(script, "utf8");
    const sql = new CovisSql("spark", covisSqlParams({ normalisation: "cosine", k: 20 }, Infinity));
    // the script is these statements, verbatim, Spark's own lines around them
    for (const statement of [...sql.views(), sql.topk(0, 1)]) expect(text).toContain(statement);
    expect(text).toContain("SET cartlift.input = " + exported);
    expect(text).toContain("INSERT OVERWRITE DIRECTORY '${cartlift.output}' USING parquet");
    expect(text).not.toMatch(/QUALIFY/i);

    const pairs = tmp.path("pairs");
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    await c.run("CREATE MACRO unix_millis(t) AS epoch_ms(t)");
    await c.run(`CREATE VIEW events AS SELECT * FROM read_parquet('${exported}/*/*.parquet')`);
    for (const statement of sql.views()) await c.run(statement);
    await c.run(`COPY (${sql.topk(0, 1)}) TO '${pairs}' (FORMAT parquet, PER_THREAD_OUTPUT true)`);
    c.closeSync();

    const fromPairs = tmp.path("from-pairs.model");
    const inMemory = tmp.path("memory.model");
    const spec = "covis[normalise=cosine,k=20]";
    await train({ kind: spec, data, out: fromPairs, options: { "from-pairs": pairs, "temp-dir": tmp.dir } });
    await train({ kind: spec, data, out: inMemory });
    expect(readFileSync(fromPairs).equals(readFileSync(inMemory))).toBe(true);
  }, 60_000);

  it("train(--from-pairs) with more rows per anchor than k refuses them, naming the folder", async () => {
    const pairs = tmp.path("too-many");
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    await c.run(
      `COPY (SELECT 0 AS a, i AS b, 1.0 / (i + 1) AS score, i + 1 AS rank FROM range(1, 30) t(i)) TO '${pairs}' (FORMAT parquet, PER_THREAD_OUTPUT true)`,
    );
    c.closeSync();
    await expect(
      train({ kind: "covis[k=10]", data, out: tmp.path("x.model"), options: { "from-pairs": pairs } }),
    ).rejects.toThrow(/too-many: 1 anchor\(s\) have more than k = 10 rows/);
  });

  it("emitCovisSql without --engine spark is a usage error", () => {
    expect(() =>
      emitCovisSql({ kind: "covis", options: {}, emitSql: tmp.path("y.sql"), input: exported, output: "/o" }),
    ).toThrow(/--emit-sql needs --engine spark/);
  });
});
