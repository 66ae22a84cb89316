import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { ingest } from "../../src/pipeline/ingest.js";
import { formatMapping } from "../../src/cli/ingest-mapping-format.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-mapping-");

describe("the ingest report's mapping", () => {
  it("ingest of a CSV without a session column names each field's column, derived sessions and unused columns", async () => {
    const csv = tmp.path("events.csv");
    writeFileSync(
      csv,
      [
        "timestamp,visitor_id,event_type,sku,colour",
        "2024-01-01T10:00:00Z,u1,view,a,red",
        "2024-01-01T10:05:00Z,u1,cart,a,red",
        "2024-01-01T12:00:00Z,u1,view,b,blue",
        "2024-01-01T10:00:00Z,u2,pageview,c,red",
      ].join("\n") + "\n",
    );
    const r = await ingest({ inputs: [csv], out: tmp.path("ds") });
    expect(r.mapping.sources).toEqual([
      {
        file: csv,
        fields: { ts: "timestamp", user: "visitor_id", event: "event_type", item: "sku" },
        sessions: "gap",
        unused: ["colour"],
      },
    ]);
    // u1: 10:00, 10:05 | 12:00 (gap > 30 min); u2: 10:00
    expect(r.mapping.derivedSessions).toBe(3);
    expect(r.mapping.eventNames).toEqual([
      { name: "view", type: "view", rows: 2 },
      { name: "cart", type: "cart_add", rows: 1 },
      { name: "pageview", type: "view", rows: 1 },
    ]);
    expect(r.mapping.leftOutEventNames).toEqual([]);
  });

  it("formatMapping lists fields, the session source, unused columns and left-out names with short counts", () => {
    const lines = formatMapping({
      sources: [
        {
          file: "e.jsonl",
          fields: { ts: "event_timestamp", session: "sid", item: "items[].item_id" },
          sessions: "data",
          unused: ["geo"],
          records: { eventsWithUserId: 2 },
        },
      ],
      derivedSessions: 0,
      sessionGapMs: 1_800_000,
      eventNames: [{ name: "purchase", type: "purchase", rows: 3 }],
      leftOutEventNames: [
        { name: "page_view", rows: 1_234_567 },
        { name: "scroll", rows: 300_200 },
      ],
      leftOutRows: 1_534_767,
    });
    expect(lines).toEqual([
      "  mapping of e.jsonl: event_timestamp -> ts, sid -> session, items[].item_id -> item",
      "    sessions: from the data (sid); rows without one: 30 min inactivity gap",
      "    unused: geo",
      "    records: eventsWithUserId 2",
      "  1 event names mapped (purchase -> purchase), 2 left out (page_view 1.2M, scroll 300k; 1,534,767 rows)",
    ]);
  });
});
