import { describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { ingest, type IngestOptions } from "../../src/pipeline/ingest.js";
import { InputError } from "../../src/errors.js";
import { MAX_RECORD_BYTES } from "../../src/io/record-limit.js";
import { deeperThan } from "../../src/io/json-depth.js";
import { showList, showText } from "../../src/io/show-text.js";
import { neutraliseFormula, originalCell } from "../../src/io/quarantine.js";
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

  it("ingest of a file whose only line nests 100,000 deep is no_rows_accepted naming the nesting, not a stack overflow", async () => {
    const d = 100_000;
    const deep = `{"user_id":${"[".repeat(d)}${"]".repeat(d)},"item_id":"i","ts":1700000000000,"event":"view"}`;
    const e = await inputError(run(tmp.file("deep-only.jsonl", deep + "\n")));
    expect(e.code).toBe("no_rows_accepted");
    expect(e.message).toContain("nested deeper than 64 levels");
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

describe("echoed text", () => {
  it("showText(s) escapes NUL, escape sequences and bidi overrides and caps the length", () => {
    expect(showText("a\u0000b\u001b[2Jc\u202ed\n")).toBe("a\\x00b\\x1b[2Jc\\u202ed\\n");
    expect(showText("x".repeat(100), 10)).toBe("xxxxxxxxxx... (90 more characters)");
    expect(showList(["a", "b", "c"], 2)).toBe("a, b, ... (1 more)");
  });

  it("ingest of a file whose header is 1 MB with NUL bytes names the columns in under 2,000 escaped characters", async () => {
    const header = "user_id,ts," + "\u0000\u001b[31m".repeat(1000) + "x".repeat(1 << 20) + "\n";
    const e = await inputError(run(tmp.file("huge-header.csv", header + "u1,2024-01-01T00:00:00Z,i1\n")));
    expect(e.code).toBe("missing_column");
    expect(e.message.length).toBeLessThan(2000);
    // eslint-disable-next-line no-control-regex
    expect(e.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it("ingest quarantines a 1 MB bad price with a detail under 200 characters", async () => {
    const out = tmp.path("long-price");
    await ingest({
      inputs: [
        tmp.file(
          "long-price.csv",
          `user_id,item_id,ts,event,price\nu1,i1,2024-01-01,view,${"9".repeat(1 << 20)}x\nu1,i2,2024-01-01,view,2\n`,
        ),
      ],
      out,
    });
    const [row] = quarantineRows(out);
    expect(row.reason).toBe("bad_number");
    expect(row.detail.length).toBeLessThan(200);
  });
});

describe("formula cells in quarantine.csv", () => {
  it("ingest writes quarantine cells starting with = + - @ tab or ' behind an apostrophe, recoverable by dropping it", async () => {
    const raws = ["=HYPERLINK(1)", "+cmd|x", "-2+3", "@SUM(1)", "\tx", "'quoted"];
    const body = raws.map((r, i) => `u${i},${r},2024-01-01T00:00:00Z,bogus_event`).join("\n");
    // one raw record per formula start: the record itself starts with the hostile cell
    const lines = raws.map((r) => `${r},i,2024-01-01T00:00:00Z,bogus_event`).join("\n");
    const out = tmp.path("formulas");
    await ingest({ inputs: [tmp.file("formulas.csv", `${HEADER}${body}\n${lines}\nu9,i9,2024-01-01,view\n`)], out });
    const rows = quarantineRows(out);
    const fromLines = rows.slice(raws.length).map((r) => r.raw);
    expect(fromLines).toEqual(raws.map((r) => `'${r},i,2024-01-01T00:00:00Z,bogus_event`));
    expect(fromLines.map(originalCell)).toEqual(raws.map((r) => `${r},i,2024-01-01T00:00:00Z,bogus_event`));
    for (const r of rows) for (const cell of Object.values(r)) expect(String(cell)).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("neutraliseFormula(cell) leaves ordinary cells alone and originalCell undoes it", () => {
    for (const c of ["u1", "12.5", "", "a=b", " =x"]) expect(neutraliseFormula(c)).toBe(c);
    for (const c of ["=1", "+1", "-1", "@a", "\t", "\r", "'", "''x"]) {
      expect(neutraliseFormula(c)).toBe("'" + c);
      expect(originalCell(neutraliseFormula(c))).toBe(c);
    }
  });
});

describe("UTF-16 input", () => {
  const utf16 = (text: string, bom: number[], le: boolean) => {
    const b = Buffer.from(text, "utf16le");
    if (!le) b.swap16();
    return Buffer.concat([Buffer.from(bom), b]);
  };

  it("ingest refuses a UTF-16LE CSV by its byte order mark, with an iconv hint", async () => {
    const e = await inputError(run(tmp.file("le.csv", utf16(HEADER + ROWS, [0xff, 0xfe], true))));
    expect(e.code).toBe("unsupported_encoding");
    expect(e.message).toMatch(/UTF-16LE/);
    expect(e.hint).toMatch(/iconv -f UTF-16LE -t UTF-8/);
  });

  it("ingest refuses a UTF-16BE JSON Lines file by its byte order mark", async () => {
    const line = `{"user_id":"u1","item_id":"i1","ts":1700000000000,"event":"view"}\n`;
    const e = await inputError(run(tmp.file("be.jsonl", utf16(line, [0xfe, 0xff], false))));
    expect(e.code).toBe("unsupported_encoding");
    expect(e.message).toMatch(/UTF-16BE/);
  });

  it("ingest still reads a UTF-8 file with a byte order mark", async () => {
    const report = await run(
      tmp.file("bom8.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEADER + ROWS)])),
    );
    expect(report.accepted).toBe(2);
  });
});
