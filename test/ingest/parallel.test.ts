import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { quarantineRows, seeded, tempDir } from "../helpers.js";

/**
 * Large plain CSV files are parsed in byte ranges on several threads. Whatever the cuts, the dataset
 * must be byte-identical to a one-thread read: same codes, same order, same quarantine line numbers.
 */
const tmp = tempDir("cartlift-parallel-");

/** Events with quoted multi-line fields and a sprinkling of bad rows, in time order. */
function eventsCsv(rows: number, seed: number): string {
  const rnd = seeded(seed);
  const kinds = ["view", "view", "view", "cart_add", "purchase", "cart_remove"];
  const lines = ["ts,user,session,event,item,price,category"];
  for (let i = 0; i < rows; i++) {
    const ts = new Date(Date.UTC(2024, 0, 1) + i * 7_000).toISOString();
    const user = `u${Math.floor(rnd() * 300)}`;
    const item = rnd() < 0.1 ? `"sku ""${Math.floor(rnd() * 50)}""\nline two"` : `i${Math.floor(rnd() * 800)}`;
    const bad = rnd();
    if (bad < 0.01) lines.push(`not-a-time,${user},,view,${item},1.00,c1`);
    else if (bad < 0.02) lines.push(`${ts},${user},,teleport,${item},1.00,c1`);
    else if (bad < 0.025) lines.push(`${ts},${user},,view`);
    else
      lines.push(
        `${ts},${user},,${kinds[Math.floor(rnd() * kinds.length)]},${item},${(rnd() * 100).toFixed(2)},c${Math.floor(rnd() * 20)}`,
      );
  }
  return lines.join("\n") + "\n";
}

async function datasetBytes(file: string, threads: number, name: string) {
  const out = tmp.path(name);
  const report = await ingest({ inputs: [file], out, threads, parallelMinBytes: 0 });
  const read = (f: string) => readFileSync(join(out, f));
  const maybe = (f: string) => {
    try {
      return read(f);
    } catch {
      return Buffer.alloc(0);
    }
  };
  return {
    report,
    out,
    events: read("events.arrow"),
    manifest: read("manifest.json"),
    quarantine: maybe("quarantine.csv"),
  };
}

describe("parallel CSV parsing", () => {
  it("ingest({threads: 3}) writes the same bytes as one thread, quarantine line numbers included", async () => {
    const file = tmp.file("events.csv", eventsCsv(6000, 7));
    const one = await datasetBytes(file, 1, "one");
    const three = await datasetBytes(file, 3, "three");
    expect(one.report.rejected).toBeGreaterThan(50);
    expect([one.report.threads, three.report.threads]).toEqual([1, 3]);
    expect(three.report).toMatchObject({
      read: one.report.read,
      accepted: one.report.accepted,
      rejected: one.report.rejected,
    });
    expect(three.events.equals(one.events)).toBe(true);
    expect(three.manifest.equals(one.manifest)).toBe(true);
    expect(three.quarantine.equals(one.quarantine)).toBe(true);
    // and the line numbers are right: each quarantined raw text is the record at that physical line
    const text = readFileSync(file, "utf8").split("\n");
    for (const row of quarantineRows(three.out)) expect(text[row.line - 1]).toBe(row.raw.split("\n")[0]);
  });

  it("ingest({threads: 2}) falls back to one piece when the cut lands inside a quoted field spanning lines", async () => {
    // one quoted description holds most of the file's bytes, so the midpoint is inside it
    const huge = '"' + Array.from({ length: 4000 }, (_, i) => `part ${i} of a long, "" quoted text`).join("\n") + '"';
    // a bad row and ids seen only before the cut: the first range's partial work must be undone
    const csv =
      [
        "ts,user,event,item,description",
        "1700000000,u1,view,i1,short",
        "yesterday,u9,view,i9,bad",
        `1700000001,u1,view,i2,${huge}`,
        "1700000002,u2,view,i1,short",
        "1700000003,u2,cart_add,i3,x",
      ].join("\n") + "\n";
    const file = tmp.file("quoted.csv", csv);
    const one = await datasetBytes(file, 1, "q-one");
    const two = await datasetBytes(file, 2, "q-two");
    expect(two.report).toMatchObject({ read: 5, accepted: 4, rejected: 1, threads: 1 });
    expect(two.events.equals(one.events)).toBe(true);
    expect(two.manifest.equals(one.manifest)).toBe(true);
    expect(two.quarantine.equals(one.quarantine)).toBe(true);
    expect(quarantineRows(two.out).map((r) => r.line)).toEqual([3]);
  });
});
