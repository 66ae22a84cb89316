import { describe, expect, it } from "vitest";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { lockFolder } from "../../src/io/folder-lock.js";
import { writeAtomic } from "../../src/io/write-atomic.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-outputs-");
const csv = (name: string, rows: string[]) => tmp.file(name, ["ts,user,item,event", ...rows].join("\n") + "\n");

describe("dataset seal", () => {
  it("readDataset(dir) refuses the events.arrow of one ingest under the manifest of another, naming the mismatch", async () => {
    const a = tmp.path("seal-a");
    const b = tmp.path("seal-b");
    await ingest({ inputs: [csv("a.csv", ["2024-01-01T00:00:00Z,u1,i1,view"])], out: a });
    await ingest({
      inputs: [csv("b.csv", ["2024-01-01T00:00:00Z,u1,i1,view", "2024-01-01T00:01:00Z,u2,i2,view"])],
      out: b,
    });
    const manifest = JSON.parse(readFileSync(join(a, "manifest.json"), "utf8"));
    expect(manifest.eventsFile).toMatchObject({ rows: 1, bytes: readFileSync(join(a, "events.arrow")).length });
    copyFileSync(join(b, "events.arrow"), join(a, "events.arrow")); // the mix a kill between two renames would leave
    expect(() => readDataset(a)).toThrow(/events.arrow does not match its manifest/);
    expect(() => readDataset(b)).not.toThrow();
  });

  it("ingest() with every row rejected throws no_rows_accepted (exit 2) and leaves the previous dataset byte-identical", async () => {
    const out = tmp.path("keep");
    await ingest({ inputs: [csv("good.csv", ["2024-01-01T00:00:00Z,u1,i1,view"])], out });
    const before = readdirSync(out).map((f) => [f, readFileSync(join(out, f)).toString("base64")]);
    const bad = csv("bad.csv", ["not a time,u1,i1,view", "also not,u2,i2,view"]);
    await expect(ingest({ inputs: [bad], out })).rejects.toMatchObject({ code: "no_rows_accepted", exitCode: 2 });
    expect(readdirSync(out).map((f) => [f, readFileSync(join(out, f)).toString("base64")])).toEqual(before);
  });
});

describe("locks and atomic writes", () => {
  it("lockFolder(dir) refuses a second writer naming its pid, and takes over a dead writer's lock and temporary files", () => {
    const dir = tmp.path("locked");
    const lock = lockFolder(dir, "ingest");
    writeFileSync(join(dir, ".cartlift.lock"), `${process.ppid}\n`); // a live process holds it
    expect(() => lockFolder(dir, "ingest")).toThrow(/being written by another cartlift \(pid \d+\)/);
    writeFileSync(join(dir, ".cartlift.lock"), "999999999\n"); // a pid that cannot run
    writeFileSync(join(dir, "events.arrow.tmp-999999999"), "half");
    const again = lockFolder(dir, "ingest");
    expect(existsSync(join(dir, "events.arrow.tmp-999999999"))).toBe(false);
    again.release();
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("lockFolder(dir) settles a swap a kill cut short: the previous folder back when <dir> is missing, leftovers removed", () => {
    // killed between the two renames of io/staged-folder.ts: <dir> moved aside, the new one not yet in
    const dir = tmp.path("swapped");
    mkdirSync(`${dir}.old-999999999`);
    writeFileSync(join(`${dir}.old-999999999`, "run.json"), "previous");
    mkdirSync(`${dir}.tmp-999999999`);
    writeFileSync(join(`${dir}.tmp-999999999`, "run.json"), "new, never swapped in");
    mkdirSync(`${dir}.tmp-${process.pid}`); // a live process's staging folder is left alone
    writeFileSync(tmp.path("swapped.notes"), "a user's file"); // not a name cartlift gives
    lockFolder(dir, "run").release();
    expect(readFileSync(join(dir, "run.json"), "utf8")).toBe("previous");
    expect(existsSync(`${dir}.old-999999999`)).toBe(false);
    expect(existsSync(`${dir}.tmp-999999999`)).toBe(false);
    expect(existsSync(`${dir}.tmp-${process.pid}`)).toBe(true);
    expect(readFileSync(tmp.path("swapped.notes"), "utf8")).toBe("a user's file");
    // killed after both renames: the old folder left aside is removed, the new one stays
    mkdirSync(`${dir}.old-999999998`);
    lockFolder(dir, "run").release();
    expect(existsSync(`${dir}.old-999999998`)).toBe(false);
    expect(readFileSync(join(dir, "run.json"), "utf8")).toBe("previous");
  });

  it("writeAtomic(path, data) on an unwritable folder throws, keeps the previous file and leaves no temporary file", () => {
    const dir = tmp.path("atomic");
    writeAtomic(join(dir, "f.txt"), "previous");
    expect(() => writeAtomic(join(dir, "f.txt", "under-a-file"), "x")).toThrow();
    expect(readFileSync(join(dir, "f.txt"), "utf8")).toBe("previous");
    expect(readdirSync(dir)).toEqual(["f.txt"]);
  });
});
