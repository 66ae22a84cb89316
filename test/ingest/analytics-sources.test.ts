import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { EVENT_KINDS } from "../../src/data/event-kind.js";
import { ingest } from "../../src/pipeline/ingest.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { quarantineRows, REPO, tempDir } from "../helpers.js";

/**
 * Round trips of the GA4, Segment and Snowplow fixtures (test/fixtures/sources, written by make-fixtures.py from the
 * published schemas): every expected canonical event is listed by hand from the fixture's lines.
 */
const FIX = join(REPO, "test", "fixtures", "sources");
const tmp = tempDir("cartlift-sources-");
let n = 0;

async function run(file: string, preset: string) {
  const out = tmp.path(`ds-${++n}`);
  const report = await ingest({ inputs: [join(FIX, file)], out, preset });
  const t = readDataset(out).table;
  const rows = Array.from({ length: t.length }, (_, i) =>
    [
      new Date(t.ts[i]).toISOString(),
      t.dicts.user.get(t.user[i]),
      t.dicts.session.get(t.session[i]),
      EVENT_KINDS[t.kind[i]],
      t.dicts.item.get(t.item[i]),
      Number.isNaN(t.price[i]) ? null : t.price[i],
      t.quantity[i],
      t.order[i] >= 0 ? t.dicts.order.get(t.order[i]) : null,
    ]
      .map(String)
      .join(" "),
  );
  return { report, rows, quarantine: quarantineRows(out) };
}

/** Orders and their item counts, from the purchase rows. */
function itemsPerOrder(rows: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) {
    const f = r.split(" ");
    if (f[3] === "purchase") out[f[7]] = (out[f[7]] ?? 0) + 1;
  }
  return out;
}

describe("ingest --preset ga4 (BigQuery export as JSON lines)", () => {
  it("explodes items, keeps microseconds to the millisecond, prefers user_id and skips the intraday duplicate", async () => {
    const r = await run("ga4/events.jsonl", "ga4");
    expect(r.rows).toEqual([
      "2024-03-01T08:00:00.123Z P1 P1.1709280000 view A 10 1 null",
      "2024-03-01T08:01:00.999Z P1 P1.1709280000 cart_add A 10 1 null",
      "2024-03-01T08:02:00.000Z P1 P1.1709280000 cart_add B null 2 null",
      "2024-03-01T08:05:00.000Z P1 P1.1709280000 checkout A 10 1 null",
      "2024-03-01T08:05:00.000Z P1 P1.1709280000 checkout B 5 2 null",
      "2024-03-01T08:15:00.000Z P1 P1.1709280000 wishlist_add C 7.5 1 null",
      "2024-03-01T08:10:00.000Z U1 P1.1709280000 purchase A 10 1 T1",
      "2024-03-01T08:10:00.000Z U1 P1.1709280000 purchase B 5 2 T1",
      "2024-03-04T08:00:00.000Z U1 P1.1709539200 view D 12 1 null",
      "2024-03-01T18:00:00.000Z P2 P2.1709290000 view C 7.5 1 null",
      "2024-03-04T08:01:40.000Z P2 P2.1709549200 return C 7.5 1 T2",
    ]);
    expect(itemsPerOrder(r.rows)).toEqual({ T1: 2 });
    expect({ read: r.report.read, accepted: r.report.accepted, rejected: r.report.rejected }).toEqual({
      read: 12,
      accepted: 11,
      rejected: 1,
    });
    // the purchase without items is quarantined, naming the nested path
    expect(r.quarantine.map((q) => [q.line, q.reason, q.column])).toEqual([[10, "missing_value", "items[].item_id"]]);
    const m = r.report.mapping;
    expect(m.sources[0].records).toEqual({ eventsWithUserId: 2, eventsWithAnonymousIdOnly: 11, duplicatesSkipped: 1 });
    expect(m.sources[0].sessions).toBe("data");
    expect(m.sources[0].fields).toMatchObject({ ts: "event_timestamp", item: "items[].item_id" });
    expect(m.sources[0].unused).toEqual(expect.arrayContaining(["device", "geo", "traffic_source", "event_date"]));
    expect(m.leftOutEventNames).toEqual([
      { name: "page_view", rows: 1 },
      { name: "scroll", rows: 1 },
      { name: "session_start", rows: 1 },
    ]);
    expect(m.leftOutRows).toBe(3);
    expect(m.eventNames.map((e) => `${e.name}=${e.type}`).sort()).toEqual([
      "add_to_cart=cart_add",
      "add_to_wishlist=wishlist_add",
      "begin_checkout=checkout",
      "purchase=purchase",
      "refund=return",
      "view_item=view",
    ]);
    expect(r.report.dataset.sessions).toBe(4);
  });
});

describe("ingest --preset segment (track calls as JSON lines)", () => {
  it("explodes properties.products[], falls back to anonymousId and skips calls that are not track", async () => {
    const r = await run("segment/tracks.jsonl", "segment");
    expect(r.rows).toEqual([
      "2024-03-01T08:00:00.123Z a1 a1 view A 10 1 null",
      "2024-03-01T08:01:00.000Z a1 a1 cart_add A 10 1 null",
      "2024-03-01T08:02:00.000Z a1 a1 cart_add B null 2 null",
      "2024-03-01T08:05:00.000Z a1 a1 checkout A 10 1 O1",
      "2024-03-01T08:05:00.000Z a1 a1 checkout B 5 2 O1",
      "2024-03-01T08:10:00.000Z u1 a1 purchase A 10 1 O1",
      "2024-03-01T08:10:00.000Z u1 a1 purchase B 5 2 O1",
      "2024-03-04T08:00:00.000Z u1 a1 return A 10 1 O1",
      "2024-03-01T17:59:00.000Z a2 a2 view C 7.5 1 null",
      "2024-03-01T18:00:00.000Z a2 a2 wishlist_add C 7.5 1 null",
    ]);
    expect(itemsPerOrder(r.rows)).toEqual({ O1: 2 });
    expect({ read: r.report.read, accepted: r.report.accepted, rejected: r.report.rejected }).toEqual({
      read: 11,
      accepted: 10,
      rejected: 1,
    });
    expect(r.report.mapping.sources[0].records).toEqual({
      eventsWithUserId: 2,
      eventsWithAnonymousIdOnly: 8,
      duplicatesSkipped: 1,
      notTrackCalls: 2,
    });
    expect(r.report.mapping.leftOutEventNames).toEqual([{ name: "Products Searched", rows: 1 }]);
  });
});

describe("ingest --preset snowplow (enriched JSON with the e-commerce plugin)", () => {
  it("reads the action type and product entities, keeps derived_tstamp and drops a repeated event_id", async () => {
    const r = await run("snowplow/enriched.jsonl", "snowplow");
    expect(r.rows).toEqual([
      "2024-03-01T08:00:00.123Z d1 d1.s1 view A 10 1 null",
      "2024-03-01T08:01:00.000Z d1 d1.s1 cart_add A 10 1 null",
      "2024-03-01T08:02:00.000Z d1 d1.s1 cart_add B null 2 null",
      "2024-03-01T08:05:00.000Z d1 d1.s1 checkout A 10 1 null",
      "2024-03-01T08:05:00.000Z d1 d1.s1 checkout B 5 2 null",
      "2024-03-01T08:10:00.000Z u1 d1.s1 purchase A 10 1 T1",
      "2024-03-01T08:10:00.000Z u1 d1.s1 purchase B 5 2 T1",
      "2024-03-01T18:00:00.000Z d2 d2.s2 view C 7.5 1 null",
    ]);
    expect(itemsPerOrder(r.rows)).toEqual({ T1: 2 });
    expect(r.report.mapping.sources[0].records).toEqual({
      eventsWithUserId: 1,
      eventsWithAnonymousIdOnly: 8,
      duplicatesSkipped: 1,
    });
    expect(r.report.mapping.leftOutEventNames).toEqual([
      { name: "list_view", rows: 2 },
      { name: "page_view", rows: 1 },
    ]);
    expect(r.quarantine.map((q) => [q.line, q.reason])).toEqual([[9, "missing_value"]]);
  });
});
