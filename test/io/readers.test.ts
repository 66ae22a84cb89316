import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  Float64,
  Int32,
  Table,
  TimestampMillisecond,
  Utf8,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
} from "apache-arrow";
import * as pw from "parquet-wasm";
import { ingest, type IngestReport } from "../../src/pipeline/ingest.js";
import { readManifest } from "../../src/io/read-dataset.js";
import { tempDir } from "../helpers.js";

/**
 * One event table, written as CSV, JSON Lines and Parquet, each in that format's natural types:
 * CSV text (ISO times, RFC 4180 quoting), JSONL numbers (epoch ms, prices) and nulls, Parquet typed
 * columns (Timestamp(ms, UTC), Float64, Int32, nullable Utf8). All three must give the same dataset.
 */
interface Row {
  ts: string;
  user: string;
  session: string;
  event: string;
  item: string;
  price: number | null;
  quantity: number;
  category: string | null;
  order: string | null;
}

const CAT = "2053013555069845885"; // 19 digits, beyond 2^53
const ROWS: Row[] = [
  {
    ts: "2024-03-01T09:00:00.000Z",
    user: "u1",
    session: "s1",
    event: "view",
    item: "007",
    price: 19.99,
    quantity: 1,
    category: CAT,
    order: null,
  },
  {
    ts: "2024-03-01T09:05:30.250Z",
    user: "u1",
    session: "s1",
    event: "cart",
    item: "007",
    price: 19.99,
    quantity: 2,
    category: CAT,
    order: null,
  },
  {
    ts: "2024-03-01T09:10:00.000Z",
    user: "u1",
    session: "s1",
    event: "purchase",
    item: "007",
    price: 19.99,
    quantity: 2,
    category: CAT,
    order: "o-1",
  },
  {
    ts: "2024-03-01T08:00:00.000Z",
    user: "ünïcødé-用户",
    session: "s2",
    event: "view",
    item: "42",
    price: null,
    quantity: 1,
    category: null,
    order: null,
  },
  {
    ts: "2024-03-02T23:59:59.999Z",
    user: "ünïcødé-用户",
    session: "s3",
    event: "view",
    item: "item, with comma",
    price: 0,
    quantity: 1,
    category: 'say "hi"',
    order: null,
  },
  {
    ts: "2024-03-01T12:00:00.000Z",
    user: "u3",
    session: "s4",
    event: "remove_from_cart",
    item: "42",
    price: 5.5,
    quantity: 1,
    category: "two\nlines",
    order: null,
  },
  {
    ts: "2024-03-01T12:00:00.000Z",
    user: "u3",
    session: "s4",
    event: "wishlist",
    item: "1234567890123456789",
    price: 1.25,
    quantity: 3,
    category: null,
    order: null,
  },
  {
    ts: "2024-02-29T23:00:00.000Z",
    user: "u1",
    session: "s0",
    event: "view",
    item: "42",
    price: 0.01,
    quantity: 1,
    category: null,
    order: null,
  },
];

/** The dataset, hand-derived: sorted by user (first-seen order), then time, then input order; names mapped. */
const EXPECTED_EVENTS = [
  ["2024-02-29T23:00:00.000Z", "u1", "s0", "view", "42", 0.01, 1, null, null],
  ["2024-03-01T09:00:00.000Z", "u1", "s1", "view", "007", 19.99, 1, CAT, null],
  ["2024-03-01T09:05:30.250Z", "u1", "s1", "cart_add", "007", 19.99, 2, CAT, null],
  ["2024-03-01T09:10:00.000Z", "u1", "s1", "purchase", "007", 19.99, 2, CAT, "o-1"],
  ["2024-03-01T08:00:00.000Z", "ünïcødé-用户", "s2", "view", "42", null, 1, null, null],
  ["2024-03-02T23:59:59.999Z", "ünïcødé-用户", "s3", "view", "item, with comma", 0, 1, 'say "hi"', null],
  ["2024-03-01T12:00:00.000Z", "u3", "s4", "cart_remove", "42", 5.5, 1, "two\nlines", null],
  ["2024-03-01T12:00:00.000Z", "u3", "s4", "wishlist_add", "1234567890123456789", 1.25, 3, null, null],
];

const HEADER = [
  "event_time",
  "user_id",
  "session_id",
  "event_type",
  "product_id",
  "price",
  "quantity",
  "category_id",
  "order_id",
];
const values = (r: Row) => [r.ts, r.user, r.session, r.event, r.item, r.price, r.quantity, r.category, r.order];

function toCsv(rows: Row[]): string {
  const field = (v: string | number | null) =>
    v === null ? "" : /[",\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
  return [HEADER.join(","), ...rows.map((r) => values(r).map(field).join(","))].join("\r\n") + "\r\n";
}

function toJsonl(rows: Row[]): string {
  return (
    rows
      .map((r) =>
        JSON.stringify(Object.fromEntries(HEADER.map((h, i) => [h, i === 0 ? Date.parse(r.ts) : values(r)[i]]))),
      )
      .join("\n") + "\n"
  );
}

function toParquet(rows: Row[]): Uint8Array {
  const table = new Table({
    event_time: vectorFromArray(
      rows.map((r) => Date.parse(r.ts)),
      new TimestampMillisecond("UTC"),
    ),
    user_id: vectorFromArray(
      rows.map((r) => r.user),
      new Utf8(),
    ),
    session_id: vectorFromArray(
      rows.map((r) => r.session),
      new Utf8(),
    ),
    event_type: vectorFromArray(
      rows.map((r) => r.event),
      new Utf8(),
    ),
    product_id: vectorFromArray(
      rows.map((r) => r.item),
      new Utf8(),
    ),
    price: vectorFromArray(
      rows.map((r) => r.price),
      new Float64(),
    ),
    quantity: vectorFromArray(
      rows.map((r) => r.quantity),
      new Int32(),
    ),
    category_id: vectorFromArray(
      rows.map((r) => r.category),
      new Utf8(),
    ),
    order_id: vectorFromArray(
      rows.map((r) => r.order),
      new Utf8(),
    ),
  });
  return pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(table, "stream")));
}

/** The events of a dataset as read by apache-arrow itself (not cartlift's reader), ids decoded. */
function eventsOf(dir: string): unknown[][] {
  const t = tableFromIPC(readFileSync(join(dir, "events.arrow")));
  return t.toArray().map((r) => {
    const o = r.toJSON();
    return [
      new Date(Number(o.ts)).toISOString(),
      o.user,
      o.session,
      o.event,
      o.item,
      o.price,
      o.quantity,
      o.category,
      o.order,
    ];
  });
}

const FORMATS = ["csv", "jsonl", "parquet"] as const;
type Format = (typeof FORMATS)[number];

describe("CSV, JSON Lines and Parquet readers: one event table in three formats", () => {
  const tmp = tempDir();
  const reports = {} as Record<Format, IngestReport>;
  const out = (f: Format) => tmp.path(`ds-${f}`);

  beforeAll(async () => {
    const files: Record<Format, string> = {
      csv: tmp.file("events.csv", toCsv(ROWS)),
      jsonl: tmp.file("events.jsonl", toJsonl(ROWS)),
      parquet: tmp.file("events.parquet", toParquet(ROWS)),
    };
    for (const f of FORMATS) reports[f] = await ingest({ inputs: [files[f]], out: out(f) });
  });

  describe.each(FORMATS)("%s", (format) => {
    it(`ingest(${format}) reads and accepts every record and counts types, users, items and sessions`, () => {
      const r = reports[format];
      expect(r).toMatchObject({ read: 8, accepted: 8, rejected: 0, quarantine: null });
      expect(r.sources[0]).toMatchObject({ format, read: 8, accepted: 8, rejected: 0 });
      expect(r.dataset.eventsByType).toEqual({
        view: 4,
        cart_add: 1,
        cart_remove: 1,
        wishlist_add: 1,
        wishlist_remove: 0,
        purchase: 1,
        return: 0,
        checkout: 0,
      });
      expect(r.dataset).toMatchObject({ events: 8, users: 3, items: 4, sessions: 5 });
      expect(r.dataset.timeSpan).toEqual({
        from: "2024-02-29T23:00:00.000Z",
        to: "2024-03-02T23:59:59.999Z",
        days: 2.042,
      });
      expect(readManifest(out(format))).toMatchObject({ users: 3, items: 4, sessions: 5, categories: 3, orders: 1 });
    });

    it(`ingest(${format}) keeps ids as exact text, times to the millisecond, prices and nulls`, () => {
      expect(eventsOf(out(format))).toEqual(EXPECTED_EVENTS);
    });

    it(`ingest(${format}) writes an events.arrow byte-identical to the one from the CSV input`, () => {
      expect(
        Buffer.compare(readFileSync(join(out(format), "events.arrow")), readFileSync(join(out("csv"), "events.arrow"))),
      ).toBe(0);
    });
  });
});

describe("Parquet timestamps and --tz", () => {
  const tmp = tempDir();

  it("ingest(parquet, tz) reads zone-less timestamps in --tz and zone-aware ones as the instants they are", async () => {
    // 2024-07-01 12:00 as a wall-clock time (isAdjustedToUTC=false) and as an instant (UTC)
    const noon = Date.UTC(2024, 6, 1, 12);
    const table = new Table({
      wall: vectorFromArray([noon], new TimestampMillisecond()),
      instant: vectorFromArray([noon], new TimestampMillisecond("UTC")),
      user: vectorFromArray(["u"], new Utf8()),
      item: vectorFromArray(["i"], new Utf8()),
    });
    const file = tmp.file("times.parquet", pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(table, "stream"))));
    const csv = tmp.file("times.csv", "ts,user,item\n2024-07-01 12:00:00,u,i\n");
    const timeOf = async (input: string, ts: string, tz: string) => {
      const dir = tmp.path(`ds-${ts}-${tz.replace(/\W/g, "")}-${input.endsWith("csv") ? "csv" : "pq"}`);
      const r = await ingest({ inputs: [input], out: dir, map: { ts, user: "user", item: "item" }, tz });
      expect(r.accepted).toBe(1);
      return eventsOf(dir)[0][0];
    };
    expect(await timeOf(file, "wall", "Europe/London")).toBe("2024-07-01T11:00:00.000Z"); // BST
    expect(await timeOf(csv, "ts", "Europe/London")).toBe("2024-07-01T11:00:00.000Z"); // same as the CSV text
    expect(await timeOf(file, "wall", "UTC")).toBe("2024-07-01T12:00:00.000Z");
    expect(await timeOf(file, "instant", "Europe/London")).toBe("2024-07-01T12:00:00.000Z");
    expect(await timeOf(file, "instant", "-05:00")).toBe("2024-07-01T12:00:00.000Z");
  });
});
