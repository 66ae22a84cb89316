import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { ExternalSort } from "../../src/ingest/external-sort.js";
import { quarantineRows, seeded, tempDir } from "../helpers.js";

/**
 * `ingest --memory-limit`: past the limit the collected events are sorted into runs on disk and merged into the
 * dataset writer. The dataset must be byte-identical to the in-memory ingest's, and the runs must be gone after.
 */
const tmp = tempDir("cartlift-extsort-");

/**
 * Events of users spread over every file, times out of order within a user (a shuffled window) and exact ties in
 * time across files (the sort must keep input order on them); some rows without a session (derived), some bad rows.
 */
function eventsCsv(rows: number, seed: number, sessions: boolean): string {
  const rnd = seeded(seed);
  const kinds = ["view", "view", "view", "cart_add", "purchase", "cart_remove"];
  const lines = ["ts,user,session,event,item,price,category"];
  for (let i = 0; i < rows; i++) {
    // times on a coarse grid, so that one user often has two events in the same second
    const ts = new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 2000) * 60_000).toISOString();
    const u = Math.floor(rnd() * 400);
    const session = sessions && rnd() < 0.7 ? `s${u}-${Math.floor(rnd() * 4)}` : "";
    const item = `i${Math.floor(rnd() * 900)}`;
    if (rnd() < 0.01) lines.push(`not-a-time,u${u},,view,${item},1.00,c1`);
    else
      lines.push(
        `${ts},u${u},${session},${kinds[Math.floor(rnd() * kinds.length)]},${item},${(rnd() * 100).toFixed(2)},c${Math.floor(rnd() * 20)}`,
      );
  }
  return lines.join("\n") + "\n";
}

function files(out: string) {
  const read = (f: string) => (existsSync(join(out, f)) ? readFileSync(join(out, f)) : Buffer.alloc(0));
  return { events: read("events.arrow"), manifest: read("manifest.json"), quarantine: read("quarantine.csv") };
}

/** Names left in a folder that look like a spill folder of this process. */
const spillFolders = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith("cartlift-")) : [];

describe("ingest --memory-limit (external sort)", () => {
  const inputs = [0, 1, 2, 3, 4].map((k) => tmp.file(`part${k}.csv`, eventsCsv(3000, 11 + k, k !== 2)));

  it("ingest({memoryLimit}) spills several runs and writes the in-memory ingest's bytes", async () => {
    const memory = await ingest({ inputs, out: tmp.path("memory"), threads: 1 });
    // a run of at least 1,024 rows: about 2,970 accepted rows a file, each file one read batch: a run per file
    const limit = 1024 * 2 * 53;
    expect(ExternalSort.runRowsFor(limit)).toBe(1024);
    const spilled = await ingest({ inputs, out: tmp.path("spilled"), threads: 1, memoryLimit: limit });
    expect(spilled.externalSort?.runs).toBe(5);
    expect(spilled.externalSort?.spilledBytes).toBe(spilled.accepted * 41);
    expect(memory.mapping.derivedSessions).toBeGreaterThan(100);
    const a = files(tmp.path("memory"));
    const b = files(tmp.path("spilled"));
    expect(b.events.equals(a.events)).toBe(true);
    expect(b.manifest.equals(a.manifest)).toBe(true);
    expect(b.quarantine.equals(a.quarantine)).toBe(true);
    expect(quarantineRows(tmp.path("spilled")).length).toBeGreaterThan(50);
    expect(spilled.dataset).toEqual(memory.dataset);
    expect(spillFolders(tmp.path("spilled"))).toEqual([]);
  });

  it("ingest({memoryLimit}) with runs of several blocks, with --threads 1 or 3 (a file past a quarter of the limit is read in one piece), gives the same bytes", async () => {
    const big = tmp.file("big.csv", eventsCsv(60_000, 99, true));
    const memory = await ingest({ inputs: [big], out: tmp.path("big-memory"), threads: 1 });
    const temp = tmp.path("scratch");
    mkdirSync(temp);
    for (const threads of [1, 3]) {
      const out = tmp.path(`big-spilled-${threads}`);
      const r = await ingest({
        inputs: [big],
        out,
        threads,
        parallelMinBytes: 0,
        memoryLimit: 20_000 * 2 * 53,
        tempDir: temp,
      });
      expect(r.externalSort!.runs).toBeGreaterThanOrEqual(2);
      // the file is larger than a quarter of the limit: read in one piece, whatever --threads says
      expect(r.threads).toBe(1);
      expect(files(out).events.equals(files(tmp.path("big-memory")).events)).toBe(true);
      expect(files(out).manifest.equals(files(tmp.path("big-memory")).manifest)).toBe(true);
      expect(r.dataset).toEqual(memory.dataset);
      expect(readdirSync(temp)).toEqual([]);
      expect(spillFolders(out)).toEqual([]);
    }
  });

  it("ingest({memoryLimit}) below the limit sorts in memory and spills nothing", async () => {
    const r = await ingest({ inputs: inputs.slice(0, 1), out: tmp.path("small"), threads: 1, memoryLimit: 1e9 });
    expect(r.externalSort).toEqual({ runs: 0, runRows: ExternalSort.runRowsFor(1e9), spilledBytes: 0 });
    expect(spillFolders(tmp.path("small"))).toEqual([]);
  });

  it("ingest({memoryLimit}) that fails after spilling removes its runs and leaves no dataset", async () => {
    const headerOnly = tmp.file("empty.csv", "ts,user,session,event,item,price,category\n");
    const temp = tmp.path("scratch-fail");
    mkdirSync(temp);
    const out = tmp.path("failed");
    await expect(
      ingest({ inputs: [...inputs, headerOnly], out, threads: 1, memoryLimit: 1024 * 2 * 53, tempDir: temp }),
    ).rejects.toMatchObject({ code: "no_rows" });
    expect(readdirSync(temp)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it("ingest({memoryLimit, tempDir}) with an unwritable temp dir fails before reading, naming it", async () => {
    const blocker = tmp.file("not-a-folder", "x");
    await expect(
      ingest({ inputs, out: tmp.path("never"), memoryLimit: 1e6, tempDir: join(blocker, "sub") }),
    ).rejects.toMatchObject({ code: "temp_dir_unwritable", exitCode: 2 });
    expect(existsSync(tmp.path("never"))).toBe(false);
  });

  it("ingest({memoryLimit, append}) is a usage error", async () => {
    await expect(ingest({ inputs, out: tmp.path("memory"), append: true, memoryLimit: 1e6 })).rejects.toMatchObject({
      exitCode: 2,
    });
  });
});
