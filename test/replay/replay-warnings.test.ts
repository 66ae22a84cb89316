import { describe, expect, it } from "vitest";
import { ingest } from "../../src/pipeline/ingest.js";
import { replayEmptyCart, type ReplayOptions } from "../../src/pipeline/replay.js";
import { replayWarnings } from "../../src/replay/replay-warnings.js";
import { replayMarkdown } from "../../src/replay/replay-markdown.js";
import { tempDir } from "../helpers.js";

/** A replay says what its figures rest on: a small sample, or the real reason there are no moments. */
const tmp = tempDir("cartlift-replay-warnings-");
const options = (data: string, since: string): ReplayOptions => ({
  data,
  policies: ["popular"],
  k: 4,
  ttlMs: 3_600_000,
  since: Date.parse(since),
  windows: [{ kind: "duration", ms: 86_400_000, label: "1d" }],
  maxHistory: 50,
  assumptions: { engagementRate: 0.0249, clickToOrder: 0.27 },
  seed: 1,
  resamples: 50,
  level: 0.95,
  threads: 1,
});

async function dataset(name: string, rows: string[]): Promise<string> {
  const out = tmp.path(name);
  await ingest({ inputs: [tmp.file(`${name}.csv`, ["user_id,item_id,ts,event", ...rows].join("\n") + "\n")], out });
  return out;
}

describe("replay warnings", () => {
  it("replayWarnings(facts) flags fewer than 30 moments or 30 users and stays quiet at 30 and 30", () => {
    const base = { momentsBeforePeriod: 0, cartAdds: 100, cartTtlHours: 24, windows: ["session", "7d"] };
    expect(replayWarnings({ ...base, moments: 29, users: 40 })[0]).toMatch(/^a small sample: 29 moments of 40 users/);
    expect(replayWarnings({ ...base, moments: 100, users: 29 })[0]).toMatch(/fewer than 30/);
    expect(replayWarnings({ ...base, moments: 30, users: 30 })).toEqual([]);
  });

  it("replayEmptyCart on a log without cart events says so instead of hinting --since earlier", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `u${i % 5},i${i % 7},2024-01-0${1 + (i % 5)}T10:00:00Z,view`);
    const r = await replayEmptyCart(options(await dataset("views-only", rows), "2024-01-03"));
    expect(r.moments.moments).toBe(0);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^the log has no cart_add events/);
    expect(r.warnings[0]).not.toMatch(/--since/);
  });

  it("replayEmptyCart with 3 moments warns of a small sample", async () => {
    const rows: string[] = [];
    for (let u = 0; u < 3; u++)
      rows.push(
        `u${u},i${u},2024-01-0${2 + u}T10:00:00Z,cart_add`,
        // back after the 1 h TTL: an empty-cart moment
        `u${u},i9,2024-01-0${2 + u}T15:00:00Z,view`,
      );
    rows.push("u9,i1,2024-01-01T09:00:00Z,view");
    const r = await replayEmptyCart(options(await dataset("three", rows), "2024-01-02"));
    expect(r.moments.moments).toBe(3);
    expect(r.warnings[0]).toMatch(/^a small sample: 3 moments of 3 users \(fewer than 30\) in each window \(1d\)/);
    const md = replayMarkdown(r);
    expect(md).toContain("> **Warning:** a small sample: 3 moments");
    // one number format: the window table's rates are percentages, and orders say they rest on assumptions
    const header = md.split("\n").find((l) => l.startsWith("| policy"))!;
    expect(header).toContain("orders (response model's assumptions)");
    const row = md.split("\n").find((l) => l.startsWith("| `popular`"))!;
    expect(row.split("|")[2]).toMatch(/^ \d+\.\d\d% \[\d+\.\d\d%, \d+\.\d\d%\] $/);
    expect(row.split("|")[3]).toMatch(/^ \d+\.\d\d% $/);
  });
});
