import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ingest, type IngestOptions, type IngestReport } from "../../src/pipeline/ingest.js";
import { InputError, RowError, UsageError } from "../../src/errors.js";
import { readDataset, readManifest } from "../../src/io/read-dataset.js";
import { quarantineRows, REPO, tempDir } from "../helpers.js";

/**
 * Every kind of bad input in test/fixtures/bad (see its README): row-level problems are quarantined
 * with file, line, reason, column and the raw record, and the dataset is written without them;
 * whole-input problems are an InputError with a code, a message naming the culprit and a hint, and
 * no dataset.
 */
const BAD = join(REPO, "test", "fixtures", "bad");
const fixture = (name: string) => join(BAD, name);

const tmp = tempDir("cartlift-bad-input-");
let outs = 0;
const newOut = () => tmp.path(`dataset-${++outs}`);

type Quarantined = ReturnType<typeof quarantineRows>[number];

async function run(input: string, opts: Partial<IngestOptions> = {}) {
  const out = newOut();
  const report = await ingest({ inputs: [input], out, ...opts });
  return { report, out, rows: quarantineRows(out) };
}

/** The counts, as reported, as kept in the manifest, and as rows of the dataset and of the quarantine. */
function expectCounts(
  r: { report: IngestReport; out: string; rows: Quarantined[] },
  read: number,
  accepted: number,
  rejected: number,
): void {
  expect({ read: r.report.read, accepted: r.report.accepted, rejected: r.report.rejected }).toEqual({
    read,
    accepted,
    rejected,
  });
  expect(r.report.read).toBe(r.report.accepted + r.report.rejected);
  expect(r.rows).toHaveLength(rejected);
  const manifest = readManifest(r.out);
  expect(manifest.counts).toMatchObject({ read, accepted, rejected });
  expect(manifest.events).toBe(accepted);
  expect(r.report.quarantine).toBe(rejected > 0 ? join(r.out, "quarantine.csv") : null);
}

/** Physical line `n` (1-based) of a fixture, without its line ending. */
function lineOf(file: string, n: number): string {
  return readFileSync(file, "utf8").split("\n")[n - 1].replace(/\r$/, "");
}

/** The error ingest() fails with; it must be an InputError and leave nothing behind, not even the folder. */
async function inputError(input: string, opts: Partial<IngestOptions> = {}): Promise<InputError> {
  const out = newOut();
  const error = await ingest({ inputs: [input], out, ...opts }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  expect(existsSync(out)).toBe(false);
  return error as InputError;
}

function datasetFiles(out: string): string[] {
  return existsSync(out) ? readdirSync(out) : [];
}

describe("row-level problems are quarantined", () => {
  it("ingest() quarantines a row whose timestamp cannot be parsed, naming line and column", async () => {
    const file = fixture("bad-timestamp.csv");
    const r = await run(file);
    expectCounts(r, 6, 4, 2);
    expect(r.rows).toEqual([
      {
        file,
        line: 4,
        reason: "bad_timestamp",
        column: "ts",
        detail: 'not a timestamp: "yesterday"',
        raw: "yesterday,u1,s1,view,i2,5.50",
      },
      {
        file,
        line: 6,
        reason: "bad_timestamp",
        column: "ts",
        detail: 'not a timestamp: "2024-02-30T10:00:00Z"',
        raw: "2024-02-30T10:00:00Z,u2,s2,purchase,i2,5.50",
      },
    ]);
    for (const row of r.rows) expect(row.raw).toBe(lineOf(file, row.line));
    expect(r.report.rejectedByReason).toEqual({ bad_timestamp: 2 });
    expect(r.report.rejectionExamples).toEqual([
      `${file}:4: column "ts": not a timestamp: "yesterday"`,
      `${file}:6: column "ts": not a timestamp: "2024-02-30T10:00:00Z"`,
    ]);
    expect(r.report.sources[0]).toMatchObject({ read: 6, accepted: 4, rejected: 2 });
    expect(r.report.dataset.timeSpan).toMatchObject({
      from: "2024-03-01T09:00:00.000Z",
      to: "2024-03-01T09:05:00.000Z",
    });
  });

  it("ingest() quarantines rows with an unknown event type and suggests --events", async () => {
    const file = fixture("unknown-event.csv");
    const r = await run(file);
    expectCounts(r, 5, 3, 2);
    expect(r.rows.map((q) => [q.line, q.reason, q.column, q.detail])).toEqual([
      [3, "unknown_event", "event", 'unknown event type "teleport" (map it with --events canonical=teleport)'],
      [5, "unknown_event", "event", 'unknown event type "Teleport" (map it with --events canonical=Teleport)'],
    ]);
    for (const row of r.rows) expect(row.raw).toBe(lineOf(file, row.line));
    expect(r.report.dataset.eventsByType).toMatchObject({ view: 1, cart_add: 1, purchase: 1 });
  });

  it("ingest() accepts the unknown event type once events maps it (case-insensitively)", async () => {
    const r = await run(fixture("unknown-event.csv"), { events: { teleport: "view" } });
    expectCounts(r, 5, 5, 0);
    expect(r.report.dataset.eventsByType).toMatchObject({ view: 3, cart_add: 1, purchase: 1 });
  });

  it("ingest() quarantines a truncated last line (no final newline) as wrong_field_count naming the first missing column", async () => {
    const file = fixture("truncated-last-line.csv");
    expect(readFileSync(file, "utf8").endsWith("\n")).toBe(false);
    const r = await run(file);
    expectCounts(r, 3, 2, 1);
    expect(r.rows).toEqual([
      {
        file,
        line: 4,
        reason: "wrong_field_count",
        column: "item",
        detail: "expected 6 fields, found 4 (truncated last line?)",
        raw: "2024-03-01T09:02:00Z,u2,s2,vi",
      },
    ]);
    expect(r.rows[0].raw).toBe(lineOf(file, 4));
  });

  it("ingest() quarantines a last line cut inside a quoted field as unterminated_quote", async () => {
    const file = fixture("truncated-quote.csv");
    const r = await run(file);
    expectCounts(r, 2, 1, 1);
    expect(r.rows).toEqual([
      {
        file,
        line: 3,
        reason: "unterminated_quote",
        column: "item",
        detail: "a quoted field is never closed (file truncated?)",
        raw: '2024-03-01T09:01:00Z,u1,s1,view,"Blue mug, 300',
      },
    ]);
    expect(r.rows[0].raw).toBe(lineOf(file, 3));
  });

  it("ingest() quarantines rows with too few or too many fields, hinting at --delimiter for a row that does not split", async () => {
    const file = fixture("wrong-field-count.csv");
    const r = await run(file);
    expectCounts(r, 4, 2, 2);
    expect(r.rows.map((q) => [q.line, q.reason, q.column, q.detail])).toEqual([
      [3, "wrong_field_count", "user", "expected 6 fields, found 1 (wrong delimiter? pass --delimiter)"],
      [4, "wrong_field_count", "(field 7)", "expected 6 fields, found 7"],
    ]);
    for (const row of r.rows) expect(row.raw).toBe(lineOf(file, row.line));
  });

  it("ingest() quarantines a field with characters after its closing quote, naming that field's column", async () => {
    const file = fixture("bad-quote.csv");
    const r = await run(file);
    expectCounts(r, 3, 2, 1);
    expect(r.rows).toEqual([
      {
        file,
        line: 3,
        reason: "bad_quote",
        column: "item",
        detail: "characters after a closing quote",
        raw: '2024-03-01T09:01:00Z,u1,s1,view,"Mug" large,10.00',
      },
    ]);
    expect(readDataset(r.out).table.dicts.item.ids()).toEqual(["Mug", "Cup"]);
  });

  it("ingest() quarantines rows with bytes that are not UTF-8, naming the column and showing the bytes as \\xNN", async () => {
    const file = fixture("non-utf8.csv");
    const bytes = readFileSync(file);
    // the fixture really holds latin-1 bytes (0xE9 not preceded by 0xC3) on lines 3 and 5, and a UTF-8 "é" (C3 A9) on
    // line 4
    expect(bytes.indexOf(Buffer.from("caf\xe9-mug", "latin1"))).toBeGreaterThan(0);
    expect(bytes.indexOf(Buffer.from("ren\xe9e", "latin1"))).toBeGreaterThan(0);
    expect(bytes.indexOf(Buffer.from("café-cup", "utf8"))).toBeGreaterThan(0);
    const r = await run(file);
    expectCounts(r, 5, 3, 2);
    const detail = "bytes that are not valid UTF-8; re-export the file as UTF-8 (iconv -f latin1 -t utf-8)";
    expect(r.rows).toEqual([
      {
        file,
        line: 3,
        reason: "invalid_utf8",
        column: "item",
        detail,
        raw: "2024-03-01T09:01:00Z,u1,s1,view,caf\\xe9-mug,4.50",
      },
      {
        file,
        line: 5,
        reason: "invalid_utf8",
        column: "user",
        detail,
        raw: "2024-03-01T09:03:00Z,ren\\xe9e,s2,view,cafe-mug,4.50",
      },
    ]);
    const dicts = readDataset(r.out).table.dicts;
    expect(dicts.item.ids()).toEqual(["cafe-mug", "café-cup"]);
    expect(dicts.user.ids()).toEqual(["u1", "u2"]);
  });

  it("ingest() quarantines rows without a timestamp, item, event or any id, and keeps a row with a session but no user", async () => {
    const file = fixture("missing-value.csv");
    const r = await run(file);
    expectCounts(r, 6, 2, 4);
    expect(r.rows.map((q) => [q.line, q.reason, q.column, q.detail])).toEqual([
      [3, "missing_value", "item", "no item id"],
      [4, "missing_value", "user", "no user or session id"],
      [5, "missing_value", "event", "no event type"],
      [6, "missing_value", "ts", "no timestamp"],
    ]);
    for (const row of r.rows) expect(row.raw).toBe(lineOf(file, row.line));
    // ids of rejected rows never enter the dictionaries
    const dicts = readDataset(r.out).table.dicts;
    expect(dicts.user.ids()).toEqual(["u1", "session:s3"]);
    expect(dicts.item.ids()).toEqual(["i1", "i3"]);
  });

  it("ingest() quarantines a price that is not a number or is negative, and keeps an empty price", async () => {
    const file = fixture("bad-price.csv");
    const r = await run(file);
    expectCounts(r, 4, 2, 2);
    expect(r.rows.map((q) => [q.line, q.reason, q.column, q.detail])).toEqual([
      [3, "bad_number", "price", 'not a price: "ten"'],
      [4, "bad_price", "price", 'negative price: "-4.00"'],
    ]);
    for (const row of r.rows) expect(row.raw).toBe(lineOf(file, row.line));
    expect(r.report.rejectedByReason).toEqual({ bad_number: 1, bad_price: 1 });
    const t = readDataset(r.out).table;
    expect(Array.from(t.price)).toEqual([10, NaN]);
  });

  it("ingest() quarantines a JSON Lines line that is not valid JSON and accepts the others, counting blank lines in line numbers", async () => {
    const file = fixture("broken-line.jsonl");
    const r = await run(file);
    expectCounts(r, 4, 3, 1);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ file, line: 3, reason: "bad_json", column: "(line)", raw: lineOf(file, 3) });
    expect(r.rows[0].detail).toMatch(/^not valid JSON \(/);
    expect(r.report.sources[0].format).toBe("jsonl");
    expect(r.report.dataset.eventsByType).toMatchObject({ view: 2, purchase: 1, cart_add: 0 });
  });
});

describe("valid but awkward CSV keeps line numbers and raw text right", () => {
  it("ingest() accepts quoted fields with embedded newlines and doubled quotes, and counts their lines", async () => {
    const file = fixture("quoted-newline.csv");
    const r = await run(file);
    expectCounts(r, 6, 4, 2);
    expect(r.rows).toEqual([
      // the raw record is the original text, doubled quotes included (the reader unescapes in place)
      {
        file,
        line: 5,
        reason: "bad_timestamp",
        column: "ts",
        detail: 'not a timestamp: "not-a-time"',
        raw: 'not-a-time,u1,s1,view,"Say ""hi""",1.00',
      },
      {
        file,
        line: 9,
        reason: "bad_timestamp",
        column: "ts",
        detail: 'not a timestamp: "soon"',
        raw: "soon,u2,s2,view,i3,3.00",
      },
    ]);
    for (const row of r.rows) expect(row.raw).toBe(lineOf(file, row.line));
    expect(readDataset(r.out).table.dicts.item.ids()).toEqual([
      'Mug "Classic"\nwhite, 300 ml',
      "i2",
      "two\n\nblank lines",
      "i3",
    ]);
  });

  it("ingest() reads a UTF-8 BOM and CRLF line endings: the header is found, lines count from 1, raw has no CR", async () => {
    const file = fixture("crlf-bom.csv");
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("latin1")).toContain("\r\n");
    const r = await run(file);
    expectCounts(r, 4, 3, 1);
    expect(r.rows).toEqual([
      {
        file,
        line: 5,
        reason: "bad_timestamp",
        column: "ts",
        detail: 'not a timestamp: "2024-13-01T09:02:00Z"',
        raw: "2024-13-01T09:02:00Z,u1,s1,view,i2,5.50",
      },
    ]);
    expect(r.rows[0].raw).toBe(lineOf(file, 5));
  });

  it("ingest() reads a gzip-compressed copy with the same counts, lines and raw text as the plain file", async () => {
    const plain = fixture("crlf-bom.csv");
    const gz = tmp.file("crlf-bom.csv.gz", gzipSync(readFileSync(plain)));
    const a = await run(plain);
    const b = await run(gz);
    expectCounts(b, 4, 3, 1);
    expect(b.rows).toEqual(a.rows.map((q) => ({ ...q, file: gz })));
    expect(b.report.sources[0]).toMatchObject({ format: "csv", read: 4, accepted: 3, rejected: 1 });
  });
});

describe("whole-input problems are errors that write no dataset", () => {
  it("ingest() rejects an empty file with empty_file and a hint", async () => {
    const file = fixture("empty.csv");
    expect(readFileSync(file)).toHaveLength(0);
    const e = await inputError(file);
    expect(e.code).toBe("empty_file");
    expect(e.message).toBe(`${file} is empty`);
    expect(e.hint).toBe("check the path, or that the export finished writing");
    expect(e.exitCode).toBe(2);
  });

  it("ingest() rejects a header-only file with no_rows and a hint about --no-header", async () => {
    const file = fixture("header-only.csv");
    const e = await inputError(file);
    expect(e.code).toBe("no_rows");
    expect(e.message).toBe(`${file} has no data rows (header only?)`);
    expect(e.hint).toContain("--no-header");
    expect(e.file).toBe(file);
  });

  it("ingest() rejects a file without an item column with missing_column, listing the columns found", async () => {
    const file = fixture("missing-column.csv");
    const e = await inputError(file);
    expect(e.code).toBe("missing_column");
    expect(e.message).toBe(
      `Missing column for "item" in ${file} (found: ts, user, session, event, product_name, price)`,
    );
    expect(e.hint).toBe("map it with --map item=<column>");
  });

  it("ingest() accepts the file without an item column once map names the column", async () => {
    const r = await run(fixture("missing-column.csv"), { map: { item: "product_name" } });
    expectCounts(r, 2, 2, 0);
    expect(readDataset(r.out).table.dicts.item.ids()).toEqual(["Blue mug"]);
  });

  it("ingest() rejects a file whose every event type is unmapped with unmapped_events, listing the names by count", async () => {
    const file = fixture("unmapped-events.csv");
    const e = await inputError(file);
    expect(e.code).toBe("unmapped_events");
    expect(e.message).toBe(`${file}: no event type is mapped (found: "teleport" x2, "beam_up" x1)`);
    expect(e.hint).toMatch(
      /^map them with --events <type>=teleport,<type>=beam_up \(canonical types: view, cart_add, .*\), or pick a --preset$/,
    );
  });

  it("ingest() sniffs a ;-separated file, and under a wrong delimiter fails with missing_column and a --delimiter hint", async () => {
    const file = fixture("wrong-delimiter.csv");
    expectCounts(await run(file), 2, 2, 0);
    const e = await inputError(file, { delimiter: "," });
    expect(e.code).toBe("missing_column");
    expect(e.message).toBe(`Missing column for "ts" in ${file} (found: ts;user;session;event;item;price)`);
    expect(e.hint).toBe(
      'the header looks ";"-separated: pass --delimiter ";"; or map it with --map ts=<column>,item=<column>,user=<column>',
    );
  });

  it("ingest() rejects a missing input file with file_not_found", async () => {
    const file = fixture("no-such-file.csv");
    const e = await inputError(file);
    expect(e.code).toBe("file_not_found");
    expect(e.message).toBe(`${file}: no such file`);
  });

  it("ingest() leaves an existing dataset untouched when re-ingesting into it fails", async () => {
    const out = newOut();
    await ingest({ inputs: [fixture("bad-timestamp.csv")], out });
    const before = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));
    expect(Object.keys(before).sort()).toEqual(["events.arrow", "manifest.json", "quarantine.csv"]);
    await expect(ingest({ inputs: [fixture("missing-column.csv")], out })).rejects.toMatchObject({
      code: "missing_column",
    });
    await expect(ingest({ inputs: [fixture("header-only.csv")], out })).rejects.toMatchObject({ code: "no_rows" });
    const after = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));
    expect(after).toEqual(before);
  });
});

describe("strict", () => {
  it("ingest({ strict }) stops at the first bad row with a RowError naming file, line and column, and writes no dataset", async () => {
    const file = fixture("bad-timestamp.csv");
    const out = newOut();
    const e = await ingest({ inputs: [file], out, strict: true }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(RowError);
    expect(e).toMatchObject({
      file,
      line: 4,
      column: "ts",
      reason: "bad_timestamp",
      code: "row_bad_timestamp",
      exitCode: 2,
    });
    expect((e as RowError).message).toBe(`${file}:4: column "ts": not a timestamp: "yesterday"`);
    expect((e as RowError).hint).toBe("drop --strict to quarantine bad rows instead");
    expect(datasetFiles(out)).toEqual([]);
  });

  it("ingest({ strict }) names the right line after a quoted field spanning lines, and a reader's problem as well", async () => {
    const quoted = fixture("quoted-newline.csv");
    await expect(ingest({ inputs: [quoted], out: newOut(), strict: true })).rejects.toThrow(
      `${quoted}:5: column "ts": not a timestamp: "not-a-time"`,
    );
    const nonUtf8 = fixture("non-utf8.csv");
    await expect(ingest({ inputs: [nonUtf8], out: newOut(), strict: true })).rejects.toMatchObject({
      line: 3,
      column: "item",
      reason: "invalid_utf8",
    });
  });

  it("ingest({ strict }) writes a clean file as usual", async () => {
    expectCounts(await run(fixture("wrong-delimiter.csv"), { strict: true }), 2, 2, 0);
  });
});

describe("preset problems", () => {
  it("ingest({preset: 'nope'}) is a usage error listing the presets", async () => {
    const e = await ingest({ inputs: [fixture("bad-timestamp.csv")], out: newOut(), preset: "nope" }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).message).toBe('unknown preset "nope"');
    expect((e as UsageError).hint).toBe(
      "presets: rees46, retailrocket, taobao, otto, diginetica, yoochoose, uci-retail, movielens, ga4, segment, snowplow",
    );
  });

  it("ingest({preset: 'diginetica'}) on a file of another layout says what the preset expects", async () => {
    const file = fixture("bad-timestamp.csv");
    const e = await inputError(file, { preset: "diginetica" });
    expect(e.code).toBe("preset_mismatch");
    expect(e.message).toBe(
      `${file} does not look like a "diginetica" file (columns: ts, user, session, event, item, price)`,
    );
    expect(e.hint).toContain("or leave out --preset and name columns with --map");
  });
});
