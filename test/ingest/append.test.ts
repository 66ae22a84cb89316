import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ingest, type IngestReport } from "../../src/pipeline/ingest.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { EVENT_KINDS } from "../../src/data/event-kind.js";
import { REPO, parseCsv, quarantineRows, tempDir } from "../helpers.js";

const HEADER = "event_time,user_id,user_session,event_type,product_id,price";

// Yesterday's export: 4 good rows and 1 with an unknown event type.
const A = [
  HEADER,
  "2024-05-01 10:00:00 UTC,alice,s-a1,view,p1,10.00",
  "2024-05-01 10:01:00 UTC,alice,s-a1,cart,p1,10.00",
  "2024-05-01 10:05:00 UTC,bob,s-b1,view,p2,5.50",
  "2024-05-01 10:06:00 UTC,bob,s-b1,view,p3,",
  "2024-05-01 10:07:00 UTC,bob,s-b1,zoom,p9,1.00",
].join("\n");

// Today's export, which repeats the end of yesterday's.
const B = [
  HEADER,
  "2024-05-01 10:05:00 UTC,bob,s-b1,view,p2,5.5", // line 2: same event as A line 4 (5.5 = 5.50)
  "2024-05-01 10:06:00 UTC,bob,s-b1,view,p3,", // line 3: same as A line 5
  "2024-05-01 10:06:00 UTC,bob,s-b1,view,p3,1.00", // line 4: differs in price: new
  "2024-05-02 09:00:00 UTC,carol,s-c1,view,p4,2.00", // line 5: new user, item, session
  "2024-05-02 09:01:00 UTC,alice,s-a2,purchase,p1,10.00", // line 6: old user, new session
  "2024-05-02 09:01:00 UTC,alice,s-a2,purchase,p1,10.00", // line 7: repeats line 6 inside B: kept
  "yesterday,ghost,s-ghost,view,p-ghost,1.00", // line 8: bad timestamp
].join("\n");

describe("ingest --append of an export that overlaps the dataset", () => {
  const tmp = tempDir();
  const out = tmp.path("ds");
  const fileA = tmp.file("a.csv", A);
  const fileB = tmp.file("b.csv", B);
  let first: IngestReport;
  let second: IngestReport;
  let before: ReturnType<typeof readDataset>;

  beforeAll(async () => {
    first = await ingest({ inputs: [fileA], out });
    before = readDataset(out);
    second = await ingest({ inputs: [fileB], out, append: true });
  });

  it("ingest(A) keeps 4 events and quarantines the unknown event type", () => {
    expect(first).toMatchObject({
      read: 5,
      accepted: 4,
      rejected: 1,
      rejectedByReason: { unknown_event: 1 },
      appended: false,
    });
    expect(before.table.dicts.user.ids()).toEqual(["alice", "bob"]);
    // the rejected row's item never enters the dictionary
    expect(before.table.dicts.item.ids()).toEqual(["p1", "p2", "p3"]);
  });

  it("ingest(B, append) drops the 2 events already in the dataset as duplicate_event and keeps the other 4", () => {
    expect(second).toMatchObject({ read: 7, accepted: 4, rejected: 3, appended: true });
    expect(second.rejectedByReason).toEqual({ bad_timestamp: 1, duplicate_event: 2 });
    expect(second.sources).toEqual([expect.objectContaining({ path: fileB, read: 7, accepted: 4, rejected: 3 })]);
    expect(second.dataset.events).toBe(8);
    const kinds = Object.fromEntries(EVENT_KINDS.map((k) => [k, 0]));
    expect(second.dataset.eventsByType).toEqual({ ...kinds, view: 5, cart_add: 1, purchase: 2 });
  });

  it("ingest(B, append) accumulates counts and sources in the manifest, and they reconcile", () => {
    const m = readDataset(out).manifest;
    expect(m.counts).toEqual({
      read: 12,
      accepted: 8,
      rejected: 4,
      rejectedByReason: { bad_timestamp: 1, duplicate_event: 2, unknown_event: 1 },
    });
    expect(m.sources.map((s) => [s.path, s.read, s.accepted, s.rejected])).toEqual([
      [fileA, 5, 4, 1],
      [fileB, 7, 4, 3],
    ]);
    expect(m.counts.read).toBe(m.counts.accepted + m.counts.rejected);
    expect(m.events).toBe(m.counts.accepted);
    expect(m.ingest.appends).toBe(1);
    expect(m).toMatchObject({ users: 3, items: 4, sessions: 4 });
  });

  it("ingest(B, append) keeps the old dictionary codes and appends new ids after them", () => {
    const { dicts } = readDataset(out).table;
    expect(dicts.user.ids()).toEqual(["alice", "bob", "carol"]);
    expect(dicts.item.ids()).toEqual(["p1", "p2", "p3", "p4"]);
    expect(dicts.session.ids()).toEqual(["s-a1", "s-b1", "s-c1", "s-a2"]);
    // nothing from the rejected rows
    expect(dicts.user.lookup("ghost")).toBe(-1);
  });

  it("ingest(B, append) re-sorts the old and new events by user and time", () => {
    const t = readDataset(out).table;
    const rows = Array.from({ length: t.length }, (_, i) => [
      t.dicts.user.get(t.user[i]),
      new Date(t.ts[i]).toISOString().slice(5, 16),
      t.dicts.item.get(t.item[i]),
      EVENT_KINDS[t.kind[i]],
      t.price[i],
    ]);
    expect(rows).toEqual([
      ["alice", "05-01T10:00", "p1", "view", 10],
      ["alice", "05-01T10:01", "p1", "cart_add", 10],
      ["alice", "05-02T09:01", "p1", "purchase", 10],
      ["alice", "05-02T09:01", "p1", "purchase", 10],
      ["bob", "05-01T10:05", "p2", "view", 5.5],
      ["bob", "05-01T10:06", "p3", "view", NaN],
      ["bob", "05-01T10:06", "p3", "view", 1],
      ["carol", "05-02T09:00", "p4", "view", 2],
    ]);
  });

  it("ingest(B, append) adds its rejections to the existing quarantine.csv under one header", () => {
    const text = readFileSync(join(out, "quarantine.csv"), "utf8");
    expect(parseCsv(text).filter((r) => r[0] === "file")).toHaveLength(1);
    expect(quarantineRows(out).map((r) => [r.file, r.line, r.reason, r.raw])).toEqual([
      [fileA, 6, "unknown_event", "2024-05-01 10:07:00 UTC,bob,s-b1,zoom,p9,1.00"],
      [fileB, 8, "bad_timestamp", "yesterday,ghost,s-ghost,view,p-ghost,1.00"],
      [fileB, 2, "duplicate_event", "2024-05-01T10:05:00.000Z,bob,s-b1,view,p2,5.5,1"],
      [fileB, 3, "duplicate_event", "2024-05-01T10:06:00.000Z,bob,s-b1,view,p3,,1"],
    ]);
  });

  it("ingest(B, append) a second time rejects every readable row of B as a duplicate and changes no event", async () => {
    const eventsBefore = readFileSync(join(out, "events.arrow"));
    const again = await ingest({ inputs: [fileB], out, append: true });
    expect(again).toMatchObject({
      read: 7,
      accepted: 0,
      rejected: 7,
      rejectedByReason: { bad_timestamp: 1, duplicate_event: 6 },
    });
    expect(Buffer.compare(readFileSync(join(out, "events.arrow")), eventsBefore)).toBe(0);
    expect(readDataset(out).manifest).toMatchObject({
      events: 8,
      counts: { read: 19, accepted: 8, rejected: 11 },
      ingest: { appends: 2 },
    });
  });
});

describe("ingest --append with derived sessions and fine timestamps", () => {
  const tmp = tempDir();

  it("ingest(B, append) gives a returning visitor a new derived session instead of reusing an old id", async () => {
    const out = tmp.path("rr");
    await ingest({
      inputs: [join(REPO, "test/fixtures/presets/retailrocket-events.csv")],
      preset: "retailrocket",
      out,
    });
    // visitor 257597 had sessions 257597#1 and #2 in the fixture; comes back a day later, twice within 30 min
    const next = tmp.file(
      "next-day.csv",
      "timestamp,visitorid,event,itemid,transactionid\n1433316400000,257597,view,355908,\n1433316500000,257597,addtocart,355908,\n",
    );
    const r = await ingest({ inputs: [next], preset: "retailrocket", out, append: true });
    expect(r).toMatchObject({ accepted: 2, rejected: 0 });
    const t = readDataset(out).table;
    const sessions = Array.from({ length: t.length }, (_, i) => i)
      .filter((i) => t.dicts.user.get(t.user[i]) === "257597")
      .map((i) => t.dicts.session.get(t.session[i]));
    expect(sessions).toEqual(["257597#1", "257597#2", "257597#3", "257597#3"]);
    expect(readDataset(out).manifest).toMatchObject({ sessions: 9, ingest: { derivedSessions: 9 } });
  });

  it("ingest(A, append) of a file with sub-millisecond timestamps finds its own events as duplicates", async () => {
    const out = tmp.path("micro");
    const file = tmp.file(
      "micro.csv",
      "ts,user,item\n2024-01-01T00:00:00.123456Z,u,i\n1700000000123456,u,j\n1700000000.9876,u,k\n",
    );
    expect(await ingest({ inputs: [file], out })).toMatchObject({ accepted: 3 });
    // the dataset holds whole milliseconds
    expect(Array.from(readDataset(out).table.ts)).toEqual([
      Date.parse("2023-11-14T22:13:20.123Z"),
      Date.parse("2023-11-14T22:13:20.988Z"),
      Date.parse("2024-01-01T00:00:00.123Z"),
    ]);
    const again = await ingest({ inputs: [file], out, append: true });
    expect(again).toMatchObject({ accepted: 0, rejected: 3, rejectedByReason: { duplicate_event: 3 } });
  });

  it("ingest(A, append) into a folder without a dataset creates one", async () => {
    const out = tmp.path("fresh");
    const r = await ingest({
      inputs: [join(REPO, "test/fixtures/presets/movielens-ratings.dat")],
      preset: "movielens",
      out,
      append: true,
    });
    expect(r).toMatchObject({ appended: false, accepted: 7 });
    expect(readDataset(out).manifest.ingest.appends).toBe(0);
  });
});
