import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { train } from "../../src/pipeline/train.js";
import { removeStaleTempsOf } from "../../src/io/stale-temps.js";
import { writeAtomic } from "../../src/io/write-atomic.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-stale-");

/** The pid of a process that has ended: what a writer killed with SIGKILL leaves in its temporary names. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "0"]);
  return r.pid!;
}

describe("leftovers of a killed writer", () => {
  it("train() removes the m.model.tmp-<pid> and its parts a SIGKILL left, when that pid no longer runs", async () => {
    const data = tmp.path("ds");
    const csv = tmp.file(
      "e.csv",
      "ts,user,item,event\n2024-01-01T00:00:00Z,u1,i1,view\n2024-01-01T00:01:00Z,u1,i2,view\n",
    );
    await ingest({ inputs: [csv], out: data });
    const dir = tmp.path("models");
    mkdirSync(dir);
    const dead = deadPid();
    const left = [`m.model.tmp-${dead}`, `m.model.tmp-${dead}.part1`];
    // a live writer's temporary, names of another form and another file's leftovers are not this write's to remove
    const kept = [
      `m.model.tmp-${process.ppid}`,
      "m.model.tmp-notes",
      `m.model.tmp-${dead}.bak`,
      `other.model.tmp-${dead}`,
    ];
    for (const name of [...left, ...kept]) writeFileSync(join(dir, name), "half a model");
    await train({ kind: "popular", data, out: join(dir, "m.model") });
    expect(readdirSync(dir).sort()).toEqual(["m.model", ...kept].sort());
  });

  it("removeStaleTempsOf(path) leaves the temporary of this process and of a live one, and ignores a missing folder", () => {
    const dir = tmp.path("live");
    mkdirSync(dir);
    const mine = `f.json.tmp-${process.pid}`;
    const parent = `f.json.tmp-${process.ppid}`;
    writeFileSync(join(dir, mine), "x");
    writeFileSync(join(dir, parent), "x");
    removeStaleTempsOf(join(dir, "f.json"));
    expect(readdirSync(dir).sort()).toEqual([mine, parent].sort());
    expect(() => removeStaleTempsOf(tmp.path("missing/f.json"))).not.toThrow();
  });

  it("writeAtomic(path) clears a dead writer's folder-shaped leftover of the same name", () => {
    const dir = tmp.path("folders");
    const dead = deadPid();
    mkdirSync(join(dir, `report.json.tmp-${dead}`), { recursive: true });
    writeAtomic(join(dir, "report.json"), "{}\n");
    expect(readdirSync(dir)).toEqual(["report.json"]);
  });
});
