import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { openNestedParquet } from "../../src/io/read-nested-parquet.js";
import { Ga4Exploder } from "../../src/ingest/sources/ga4.js";
import { CELL_BYTES, CELL_NUMBER, type RecordSource } from "../../src/io/raw-batch.js";
import { InputError } from "../../src/errors.js";
import { quarantineRows, REPO, tempDir } from "../helpers.js";
// @ts-expect-error a plain JavaScript module without types (the test and the GA4 bench share it)
import { writeGa4Parquet } from "../../scripts/ga4-parquet.mjs";

/**
 * GA4's Parquet export (EXPORT DATA ... format = 'PARQUET': event_params and items as lists of structs) must give the
 * same canonical events as its JSON export: the fixture's records are written both ways and compared.
 */
const FIX = join(REPO, "test", "fixtures", "sources", "ga4", "events.jsonl");
const tmp = tempDir("cartlift-ga4-parquet-");
const records = (): Record<string, unknown>[] =>
  readFileSync(FIX, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function parquetOf(recs: Record<string, unknown>[], name: string, rowGroup = 65_536): Promise<string> {
  const file = tmp.path(name);
  await writeGa4Parquet(recs, file, rowGroup);
  return file;
}

/** Every row of a source as text (cell by cell), to compare two readers. */
async function cells(source: RecordSource): Promise<string[]> {
  const out: string[] = [];
  const text = new TextDecoder();
  for await (const b of source.batches())
    for (let r = 0; r < b.length; r++)
      out.push(
        `${b.line(r)}: ` +
          b.cursors
            .map((c) => {
              const t = c.at(r);
              return t === CELL_BYTES ? text.decode(c.buf.subarray(c.start, c.end)) : t === CELL_NUMBER ? c.num : "-";
            })
            .join(" "),
      );
  return out;
}

async function failure(file: string): Promise<InputError> {
  const e = await openNestedParquet(file, new Ga4Exploder()).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

/** The GA4 exploder without its column path: every record goes through the plain-object path. */
class RecordPathGa4 extends Ga4Exploder {
  override explodeColumns(): null {
    return null;
  }
}

describe("ingest --preset ga4 of a Parquet export", () => {
  it("gives the same events, quarantine rows, counts and left-out names as the JSON export of the same records", async () => {
    const file = await parquetOf(records(), "events.parquet");
    const fromJson = await ingest({ inputs: [FIX], out: tmp.path("json"), preset: "ga4" });
    const fromParquet = await ingest({ inputs: [file], out: tmp.path("parquet"), preset: "ga4" });
    expect(readFileSync(tmp.path("parquet/events.arrow"))).toEqual(readFileSync(tmp.path("json/events.arrow")));
    expect(fromParquet.accepted).toBe(11);
    expect(fromParquet.rejected).toBe(1);
    expect(fromParquet.mapping.sources[0].records).toEqual(fromJson.mapping.sources[0].records);
    expect(fromParquet.mapping.sources[0].records).toEqual({
      eventsWithUserId: 2,
      eventsWithAnonymousIdOnly: 11,
      duplicatesSkipped: 1,
    });
    expect(fromParquet.mapping.leftOutEventNames).toEqual(fromJson.mapping.leftOutEventNames);
    expect(fromParquet.mapping.sources[0].sessions).toBe("data");
    const q = quarantineRows(tmp.path("parquet"));
    expect(q.map((r) => [r.line, r.reason, r.column])).toEqual([[10, "missing_value", "items[].item_id"]]);
    // the quarantine keeps the fields the preset reads (the others are not decoded), as the JSON export holds them
    const raw = JSON.parse(q[0].raw) as Record<string, unknown>;
    expect(raw).toMatchObject({ event_name: "purchase", ecommerce: { transaction_id: "T9" } });
    expect(raw).not.toHaveProperty("event_date");
    // and the fields left unread are reported, from a sample of whole records
    expect(fromParquet.mapping.sources[0].unused).toEqual(["event_date"]);
  });

  it("reads row by row through the column path exactly as through the record path, across row groups", async () => {
    const recs = records();
    // awkward parts the JSON fixture has no room for: a null items list, a null element, "(not set)" ids, a null
    // ecommerce, ga_session_id as a string value, a record without ga_session_id
    const base = recs.find((r) => r.event_name === "purchase" && Array.isArray(r.items) && r.items.length > 1)!;
    const item = (base.items as Record<string, unknown>[])[0];
    recs.push(
      { ...base, event_bundle_sequence_id: "901", items: null },
      { ...base, event_bundle_sequence_id: "902", items: [null, { ...item, item_category: "(not set)" }] },
      { ...base, event_bundle_sequence_id: "903", ecommerce: null, user_id: "(not set)" },
      {
        ...base,
        event_bundle_sequence_id: "904",
        event_params: [{ key: "ga_session_id", value: { string_value: "s-77", int_value: null } }],
      },
      { ...base, event_bundle_sequence_id: "905", event_params: [{ key: "page_location", value: {} }] },
    );
    const file = await parquetOf(recs, "awkward.parquet", 4);
    const columnar = await cells(await openNestedParquet(file, new Ga4Exploder()));
    const byRecord = await cells(await openNestedParquet(file, new RecordPathGa4()));
    expect(columnar).toEqual(byRecord);
    expect(columnar.length).toBe(byRecord.length);
    // the null element is skipped, the "(not set)" category and transaction id read as missing
    expect(columnar.filter((r) => r.startsWith(`${recs.length - 3}: `))).toHaveLength(1);
    expect(columnar.find((r) => r.startsWith(`${recs.length - 1}: `))).toContain(".s-77 ");
  });

  it("refuses a GA4 Parquet export without items, naming the field and what was found", async () => {
    const file = tmp.path("no-items.parquet");
    await writeGa4Parquet(records(), file, 65_536, ["items"]);
    const e = await failure(file);
    expect(e.code).toBe("missing_column");
    expect(e.message).toContain('no "items" field');
    expect(e.message).toContain("event_params");
  });

  it("refuses a GA4 Parquet export whose session key was renamed, naming the keys found", async () => {
    const recs = records().map((r) => ({
      ...r,
      event_params: (r.event_params as { key: string }[]).map((p) =>
        p.key === "ga_session_id" ? { ...p, key: "session_id" } : p,
      ),
    }));
    const e = await failure(await parquetOf(recs, "renamed.parquet"));
    expect(e.message).toContain('"ga_session_id"');
    expect(e.message).toContain("session_id");
  });
});
