import { describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { ingest, type IngestOptions } from "../../src/pipeline/ingest.js";
import { InputError } from "../../src/errors.js";
import { MAX_RECORD_BYTES } from "../../src/io/record-limit.js";
import { deeperThan } from "../../src/io/json-depth.js";
import { quarantineRows, tempDir } from "../helpers.js";

/** Inputs built to break a reader: deep nesting, records past the size bound, long lines inside gzip. */
const tmp = tempDir("cartlift-hostile-");
let outs = 0;
const run = (input: string, opts: Partial<IngestOptions> = {}) =>
  ingest({ inputs: [input], out: tmp.path(`out-${++outs}`), ...opts });

const HEADER = "user_id,item_id,ts,event\n";
const ROWS = "u1,i1,2024-01-01T00:00:00Z,view\nu1,i2,2024-01-01T00:01:00Z,view\n";

async function inputError(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

describe("JSON nesting", () => {
  it("deeperThan(value, 64) is false at 64 levels and true at 65, without recursion at 100,000", () => {
    const nest = (d: number): unknown => {
      let v: unknown = [];
      for (let i = 1; i < d; i++) v = [v];
      return v;
    };
    expect(deeperThan(nest(64), 64)).toBe(false);
    expect(deeperThan(nest(65), 64)).toBe(true);
    expect(deeperThan(nest(100_000), 64)).toBe(true);
    expect(deeperThan({ a: { b: [1, 2, { c: 3 }] } }, 4)).toBe(false);
    expect(deeperThan({ a: { b: [1, 2, { c: 3 }] } }, 3)).toBe(true);
  });

  it("ingest quarantines a JSON line nested 100,000 deep as bad_json and keeps the other lines", async () => {
    const d = 100_000;
    const deep = `{"user_id":"u2","item_id":${"[".repeat(d)}${"]".repeat(d)},"ts":1700000000000,"event":"view"}`;
    const first = `{"user_id":"u1","item_id":"i1","ts":1700000000000,"event":"view"}`;
    const out = tmp.path("deep-out");
    const report = await ingest({ inputs: [tmp.file("deep.jsonl", `${first}\n${deep}\n`)], out });
    expect(report.accepted).toBe(1);
    const rows = quarantineRows(out);
    expect(rows.map((r) => [r.line, r.reason, r.detail])).toEqual([[2, "bad_json", "nested deeper than 64 levels"]]);
  });

  it("ingest of a file whose only line nests 100,000 deep rejects that line instead of overflowing the stack", async () => {
    const d = 100_000;
    const deep = `{"user_id":${"[".repeat(d)}${"]".repeat(d)},"item_id":"i","ts":1700000000000,"event":"view"}`;
    const report = await run(tmp.file("deep-only.jsonl", deep + "\n"));
    expect({ accepted: report.accepted, rejected: report.rejected }).toEqual({ accepted: 0, rejected: 1 });
  });
});

describe("records past the size bound", () => {
  const big = MAX_RECORD_BYTES + (4 << 20);

  it("ingest of a gzip CSV whose first line is 20 MiB fails fast with record_too_long naming line 1", async () => {
    const file = tmp.file("long-head.csv.gz", gzipSync(Buffer.alloc(big, 0x61)));
    const t0 = performance.now();
    const e = await inputError(run(file));
    expect(e.code).toBe("record_too_long");
    expect(e.message).toMatch(/:1: a record longer than 16 MiB/);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it("ingest of a gzip CSV with an open quote at line 3 fails with record_too_long naming line 3", async () => {
    const tail = Buffer.alloc(big, 0x62);
    for (let i = 100; i < tail.length; i += 100) tail[i] = 0x0a; // many lines, all inside the open quote
    const file = tmp.file(
      "open-quote.csv.gz",
      gzipSync(Buffer.concat([Buffer.from(HEADER + ROWS.split("\n")[0] + '\nu1,"i2'), tail])),
    );
    const t0 = performance.now();
    const e = await inputError(run(file));
    expect(e.code).toBe("record_too_long");
    expect(e.message).toMatch(/:3: .*a quoted field that is never closed/);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it("ingest of a plain CSV with an open quote past the bound fails with record_too_long, in parallel too", async () => {
    const tail = Buffer.alloc(big, 0x62);
    for (let i = 100; i < tail.length; i += 100) tail[i] = 0x0a;
    const file = tmp.file("open-quote.csv", Buffer.concat([Buffer.from(HEADER + ROWS + 'u1,"i2'), tail]));
    const e = await inputError(run(file, { threads: 2, parallelMinBytes: 1 }));
    expect(e.code).toBe("record_too_long");
  });

  it("ingest of a gzip JSON Lines file with a 20 MiB line fails with record_too_long naming line 2", async () => {
    const first = `{"user_id":"u1","item_id":"i1","ts":1700000000000,"event":"view"}\n`;
    const file = tmp.file("long.jsonl.gz", gzipSync(Buffer.concat([Buffer.from(first), Buffer.alloc(big, 0x20)])));
    const e = await inputError(run(file));
    expect(e.code).toBe("record_too_long");
    expect(e.message).toMatch(/:2: a record longer than 16 MiB/);
  });

  it("ingest of a gzip CSV with a 2 MiB quoted field under the bound reads it as one record", async () => {
    const long = "x".repeat(2 << 20);
    const file = tmp.file("long-field.csv.gz", gzipSync(HEADER + ROWS + `u1,"${long}",2024-01-01T00:02:00Z,view\n`));
    const report = await run(file);
    expect(report.accepted).toBe(3);
  });
});
