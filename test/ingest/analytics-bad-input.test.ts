import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../src/errors.js";
import { ingest } from "../../src/pipeline/ingest.js";
import { quarantineRows, REPO, tempDir } from "../helpers.js";

const FIX = join(REPO, "test", "fixtures", "sources");
const tmp = tempDir("cartlift-sources-bad-");
let n = 0;

/** The GA4 fixture with each record changed by `edit`, written to a temp file. */
function ga4With(edit: (r: Record<string, unknown>) => void): string {
  const lines = readFileSync(join(FIX, "ga4", "events.jsonl"), "utf8")
    .trim()
    .split("\n");
  const file = tmp.path(`ga4-${++n}.jsonl`);
  writeFileSync(
    file,
    lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .map((r) => (edit(r), JSON.stringify(r)))
      .join("\n") + "\n",
  );
  return file;
}

async function failure(file: string, preset?: string): Promise<InputError> {
  const e = await ingest({ inputs: [file], out: tmp.path(`ds-${++n}`), preset }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

describe("analytics presets on bad input", () => {
  it("ingest --preset ga4 of an export without items names the missing field", async () => {
    const e = await failure(
      ga4With((r) => delete r.items),
      "ga4",
    );
    expect(e.code).toBe("missing_column");
    expect(e.message).toContain('no "items" field');
    expect(e.message).toContain("event_params");
  });

  it("ingest --preset ga4 with ga_session_id renamed in event_params names the key and the keys found", async () => {
    const file = ga4With((r) => {
      for (const p of r.event_params as { key: string }[]) if (p.key === "ga_session_id") p.key = "session_id";
    });
    const e = await failure(file, "ga4");
    expect(e.code).toBe("missing_column");
    expect(e.message).toContain('"ga_session_id"');
    expect(e.message).toContain("session_id");
    expect(e.message).toContain("page_location");
  });

  it("ingest of a Segment export with --preset ga4 hints --preset segment", async () => {
    const e = await failure(join(FIX, "segment", "tracks.jsonl"), "ga4");
    expect(e.code).toBe("preset_mismatch");
    expect(e.hint).toBe("its records look like a segment export: pass --preset segment");
  });

  it("ingest of a Snowplow export with --preset segment hints --preset snowplow", async () => {
    const e = await failure(join(FIX, "snowplow", "enriched.jsonl"), "segment");
    expect(e.hint).toBe("its records look like a snowplow export: pass --preset snowplow");
  });

  it("ingest of a GA4 export without a preset hints --preset ga4 instead of flattening event_params", async () => {
    const e = await failure(join(FIX, "ga4", "events.jsonl"));
    expect(e.code).toBe("preset_needed");
    expect(e.hint).toBe("pass --preset ga4");
  });

  it("ingest --preset segment of calls none of which has a mapped name lists the names found", async () => {
    const file = tmp.path("searches.jsonl");
    const call = (i: number) =>
      JSON.stringify({
        type: "track",
        event: "Products Searched",
        anonymousId: "a",
        messageId: `m${i}`,
        timestamp: "2024-03-01T00:00:00Z",
      });
    writeFileSync(file, [1, 2, 3].map(call).join("\n") + "\n");
    const e = await failure(file, "segment");
    expect(e.code).toBe("unmapped_events");
    expect(e.message).toContain('"Products Searched" x3');
  });

  it("ingest --preset ga4 quarantines an event whose items is not a list, naming what it holds", async () => {
    let k = 0;
    const file = ga4With((r) => {
      if (r.event_name !== "purchase" && r.event_name !== "add_to_cart") return;
      const bad = ["oops", { item_id: "SKU-1" }, 7][k++];
      if (bad !== undefined) r.items = bad;
    });
    const out = tmp.path(`ds-${++n}`);
    const report = await ingest({ inputs: [file], out, preset: "ga4" });
    const q = quarantineRows(out).filter((r) => r.detail.includes("not a list"));
    expect(q.map((r) => [r.reason, r.column, r.detail])).toEqual([
      ["missing_value", "items[].item_id", '"items" is a string ("oops"), not a list'],
      ["missing_value", "items[].item_id", '"items" is an object, not a list'],
      ["missing_value", "items[].item_id", '"items" is a number (7), not a list'],
    ]);
    // one rejected row per such event, and the counts still reconcile
    expect(report.read).toBe(report.accepted + report.rejected);
    expect(JSON.parse(q[0].raw)).toMatchObject({ items: "oops" });
  });

  it("ingest --preset segment quarantines an order whose products is not a list, naming it", async () => {
    const file = tmp.path("orders.jsonl");
    const call = (i: number, products: unknown) =>
      JSON.stringify({
        type: "track",
        event: "Order Completed",
        anonymousId: "a",
        messageId: `m${i}`,
        timestamp: "2024-03-01T00:00:00Z",
        properties: { order_id: `O${i}`, products },
      });
    writeFileSync(file, [call(1, [{ product_id: "P1", price: 3 }]), call(2, "P2")].join("\n") + "\n");
    const out = tmp.path(`ds-${++n}`);
    const report = await ingest({ inputs: [file], out, preset: "segment" });
    expect(report.accepted).toBe(1);
    expect(quarantineRows(out).map((r) => [r.line, r.column, r.detail])).toEqual([
      [2, "properties.products[].product_id", '"properties.products" is a string ("P2"), not a list'],
    ]);
  });
});

describe("analytics presets on other formats", () => {
  it("ingest --preset ga4 of a CSV file says the preset reads JSON lines or Parquet", async () => {
    const file = tmp.path("events.csv");
    writeFileSync(file, "event_timestamp,event_name\n1709280000000000,view_item\n");
    const e = await failure(file, "ga4");
    expect(e.code).toBe("preset_format");
    expect(e.message).toContain("--preset ga4 reads JSON lines or Parquet, not csv");
  });
});
