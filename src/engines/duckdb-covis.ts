import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { Csr } from "../data/csr.js";
import { InputError } from "../errors.js";
import { folderBytes, readTopK } from "../io/engine-files.js";
import type { CovisSql } from "./covis-sql.js";

export interface DuckdbCovisOptions {
  /** A glob of the Parquet parts to count (columns of CODES_SCHEMA at least). */
  input: string;
  /** A working folder of this run (spill and per-bucket files); the caller creates and removes it. */
  work: string;
  /** DuckDB's memory_limit, in bytes. */
  memoryLimit: number;
  /** Anchor buckets; 0: from the data and the memory limit. */
  buckets: number;
  threads: number;
  onBucket?: (done: number, total: number) => void;
  /** Also keep the summed pair weights for a state: every pair (0) or each anchor's heaviest `stateKeep`. */
  stateKeep?: number;
}

/** Summed pair weights as sparse rows: anchor `anchors[r]` has neighbours `b[starts[r] .. starts[r + 1])`. */
export interface SummedRows {
  anchors: Int32Array;
  starts: Int32Array;
  b: Int32Array;
  w: Float64Array;
}

export interface DuckdbCovisRun {
  neighbours: Csr;
  buckets: number;
  /** Upper bound of the self-join's rows, and the events counted. */
  pairEstimate: number;
  events: number;
  /** Largest size of the working folder seen (spill and bucket files), in bytes. */
  tempBytes: number;
  /** With `stateKeep`: the summed pair weights, anchors ascending, each row heaviest first (ties by neighbour). */
  stateRows?: SummedRows;
}

/** Bytes per self-join row DuckDB holds while it groups (measured: about 60-100; this errs high). */
const BYTES_PER_PAIR = 96;
/** Bytes per event of the ev table and the window that numbers it, when they stay in memory. */
const BYTES_PER_EVENT = 48;
/**
 * Bytes per event below which a run is refused. The numbered events spill to the temporary folder like any other
 * DuckDB data (3M synthetic events completed at a 100MB limit with 151 MB spilled; 1M failed at 40MB), so the floor
 * is mostly fixed; this allowance per event errs high.
 */
const FLOOR_BYTES_PER_EVENT = 4;
/** What DuckDB needs besides (buffers, the Parquet reader, hash tables' fixed part). */
const BASE_BYTES = 96 << 20;

/**
 * The smallest workable limit for `events` events, and the room a bucket's grouping gets under `limit`: what is left
 * after the numbered events, counted whole up to 60% of the limit (beyond it they spill; up to it the buckets are
 * those of the estimate before the floor was lowered: 32 at 10M events and 1GB).
 */
export function duckdbMemoryPlan(events: number, limit: number): { smallest: number; room: number } {
  const smallest = BASE_BYTES + events * FLOOR_BYTES_PER_EVENT;
  const numbered = Math.min(events * BYTES_PER_EVENT, 0.6 * (limit - BASE_BYTES));
  return { smallest, room: Math.max(limit - BASE_BYTES - numbered, 32 << 20) };
}

/**
 * Co-visitation neighbours on DuckDB, out of core: the events are numbered per timeline once (a table), then the
 * anchors are counted bucket by bucket (a % B), each bucket's top k written to Parquet, and the buckets assembled in
 * anchor order. The result is the in-memory counter's (CovisSql says how); memory stays under `memoryLimit` (DuckDB
 * spills to `work` beyond it).
 */
export async function duckdbCovis(sql: CovisSql, nItems: number, o: DuckdbCovisOptions): Promise<DuckdbCovisRun> {
  const db = await DuckDBInstance.create(":memory:", {
    memory_limit: `${Math.floor(o.memoryLimit / (1 << 20))}MB`,
    temp_directory: o.work,
    threads: String(o.threads),
    preserve_insertion_order: "false",
  });
  const conn = await db.connect();
  let tempBytes = 0;
  let buckets: number;
  let pairs: number;
  let events: number;
  const assembled = `${o.work}/topk.parquet`;
  const run = async (text: string) => {
    try {
      await conn.run(text);
    } catch (e) {
      throw engineError(e as Error, o);
    }
    tempBytes = Math.max(tempBytes, folderBytes(o.work));
  };
  try {
    await run(`CREATE VIEW events AS SELECT * FROM read_parquet(${quote(o.input)})`);
    events = await scalar(conn, "SELECT CAST(count(*) AS DOUBLE) FROM events");
    const { smallest, room } = duckdbMemoryPlan(events, o.memoryLimit);
    if (o.memoryLimit < smallest)
      throw new InputError(
        "memory_limit_too_small",
        `--memory-limit ${mb(o.memoryLimit)} is too small for ${events.toLocaleString("en-US")} events: the smallest ` +
          `workable limit is about ${mb(smallest)}`,
        { hint: `give --memory-limit ${Math.ceil(smallest / (1 << 20))}MB or more` },
      );
    for (const statement of sql.views(true)) await run(statement);
    pairs = await scalar(conn, sql.pairEstimate());
    buckets = o.buckets > 0 ? o.buckets : Math.max(1, Math.min(4096, Math.ceil((pairs * BYTES_PER_PAIR) / room)));
    for (let bucket = 0; bucket < buckets; bucket++) {
      await run(
        `COPY (${sql.topk(bucket, buckets)}) TO ${quote(`${o.work}/bucket-${bucket}.parquet`)} (FORMAT parquet)`,
      );
      if (o.stateKeep !== undefined)
        await run(
          `COPY (${sql.stateRows(bucket, buckets, o.stateKeep)}) TO ${quote(`${o.work}/state-${bucket}.parquet`)} ` +
            "(FORMAT parquet)",
        );
      o.onBucket?.(bucket + 1, buckets);
    }
    if (o.stateKeep !== undefined)
      await run(
        `COPY (SELECT a, b, w AS score FROM read_parquet(${quote(`${o.work}/state-*.parquet`)}) ORDER BY a, w DESC, b) ` +
          `TO ${quote(`${o.work}/state.parquet`)} (FORMAT parquet)`,
      );
    await run(
      `COPY (SELECT a, b, score FROM read_parquet(${quote(`${o.work}/bucket-*.parquet`)}) ORDER BY a, rank) ` +
        `TO ${quote(assembled)} (FORMAT parquet)`,
    );
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  // read back with DuckDB closed: its buffer pool is gone before the lists are built (the process's peak is the larger
  // of the two, not their sum)
  const top = await readTopK(assembled);
  const neighbours = toCsr(top, nItems);
  const stateRows = o.stateKeep === undefined ? undefined : toRows(await readTopK(`${o.work}/state.parquet`));
  return { neighbours, buckets, pairEstimate: pairs, events, tempBytes, stateRows };
}

/**
 * An engine's top-k rows (Parquet files under `dir` with a, b, score, rank) sorted by anchor and rank into one file,
 * then read: what --from-pairs builds a model from. More than `k` rows for an anchor, or a repeated rank, is refused.
 */
export async function sortedPairs(
  dir: string,
  sorted: string,
  k: number,
): Promise<{ a: Int32Array; b: Int32Array; score: Float64Array }> {
  const db = await DuckDBInstance.create(":memory:", { threads: "2" });
  const conn = await db.connect();
  const source = `read_parquet(${quote(`${dir}/**/*.parquet`)})`;
  try {
    let bad: number;
    try {
      bad = await scalar(
        conn,
        `SELECT CAST(count(*) AS DOUBLE) FROM (SELECT a FROM ${source} GROUP BY a HAVING count(*) > ${k} OR count(DISTINCT rank) < count(*))`,
      );
    } catch (e) {
      throw new InputError(
        "bad_pairs",
        `--from-pairs ${dir}: not readable as a, b, score, rank Parquet (${firstLine((e as Error).message)})`,
        {
          file: dir,
          hint: "give the output folder of the Spark script (cartlift train covis --engine spark --emit-sql)",
        },
      );
    }
    if (bad > 0)
      throw new InputError(
        "bad_pairs",
        `--from-pairs ${dir}: ${bad} anchor(s) have more than k = ${k} rows or repeated ranks`,
        {
          file: dir,
          hint: "train with the same k the pairs were counted with",
        },
      );
    await conn.run(
      `COPY (SELECT CAST(a AS INTEGER) AS a, CAST(b AS INTEGER) AS b, CAST(score AS DOUBLE) AS score FROM ${source} ` +
        `ORDER BY a, rank) TO ${quote(sorted)} (FORMAT parquet)`,
    );
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  return readTopK(sorted);
}

/** Rows (a, b, w) sorted by anchor as a state's PairRows. */
function toRows(r: { a: Int32Array; b: Int32Array; score: Float64Array }): SummedRows {
  const anchors: number[] = [];
  const starts: number[] = [];
  for (let q = 0; q < r.a.length; q++)
    if (q === 0 || r.a[q] !== r.a[q - 1]) {
      anchors.push(r.a[q]);
      starts.push(q);
    }
  starts.push(r.a.length);
  return { anchors: Int32Array.from(anchors), starts: Int32Array.from(starts), b: r.b, w: r.score };
}

/** Rows (a, b, score) sorted by anchor then rank as the usual neighbour Csr. */
export function toCsr(top: { a: Int32Array; b: Int32Array; score: Float64Array }, nItems: number): Csr {
  const indptr = new Int32Array(nItems + 1);
  for (let q = 0; q < top.a.length; q++) {
    const a = top.a[q];
    if (a < 0 || a >= nItems)
      throw new InputError("bad_pairs", `anchor code ${a} is not an item code (0..${nItems - 1})`);
    if (q > 0 && a < top.a[q - 1]) throw new InputError("bad_pairs", "the top-k rows are not sorted by anchor");
    indptr[a + 1]++;
  }
  for (let a = 0; a < nItems; a++) indptr[a + 1] += indptr[a];
  return { rows: nItems, indptr, indices: top.b, data: top.score };
}

async function scalar(conn: DuckDBConnection, text: string): Promise<number> {
  const r = await conn.runAndReadAll(text);
  return Number(r.getRows()[0][0] ?? 0);
}

function engineError(e: Error, o: DuckdbCovisOptions): Error {
  const m = e.message;
  if (/out of memory|memory limit/i.test(m))
    return new InputError(
      "memory_limit_too_small",
      `DuckDB ran out of memory at --memory-limit ${mb(o.memoryLimit)}: ${firstLine(m)}`,
      {
        hint: "give more --buckets (each counts fewer anchors) or a higher --memory-limit",
      },
    );
  if (/no space left|could not write|failed to write|disk/i.test(m))
    return new InputError("disk_full", `DuckDB could not write its temporary files in ${o.work}: ${firstLine(m)}`, {
      file: o.work,
      hint: "check the free space of --temp-dir; nothing was written",
    });
  return e;
}

const firstLine = (m: string) => m.split("\n")[0];
const mb = (bytes: number) => `${Math.round(bytes / (1 << 20))}MB`;
const quote = (path: string) => `'${path.replace(/'/g, "''")}'`;
