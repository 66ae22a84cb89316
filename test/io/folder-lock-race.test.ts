import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-lock-race-");
const LOCK_MODULE = pathToFileURL(resolve("dist/io/folder-lock.js")).href;

// Each writer takes the folder's lock, reads a counter, waits, writes it back plus one and releases (a read, modify,
// write like `ingest --append`). Writers that get the lock must never overlap, so the counter equals the number of
// writers that got it; the others fail with output_locked.
const WRITER = `
const { lockFolder } = await import(process.argv[1]);
const { readFileSync, writeFileSync } = await import("node:fs");
const [dir, counter] = process.argv.slice(2);
let lock;
try { lock = lockFolder(dir, "test"); } catch (e) { console.log(e.code ?? e.message); process.exit(0); }
const n = Number(readFileSync(counter, "utf8"));
await new Promise((r) => setTimeout(r, 30));
writeFileSync(counter, String(n + 1));
lock.release();
console.log("took");
`;

function writer(dir: string, counter: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", WRITER, LOCK_MODULE, dir, counter]);
    let out = "";
    child.stdout.on("data", (x) => (out += x));
    child.on("error", fail);
    child.on("close", () => done(out.trim()));
  });
}

describe("lockFolder under contention", () => {
  it("lockFolder(dir) lets no two of 12 writers started at once hold the lock together: no update is lost", async () => {
    for (let round = 0; round < 3; round++) {
      const dir = tmp.path(`race-${round}`);
      const counter = tmp.path(`counter-${round}`);
      writeFileSync(counter, "0");
      const results = await Promise.all(Array.from({ length: 12 }, () => writer(dir, counter)));
      expect(results.every((r) => r === "took" || r === "output_locked")).toBe(true);
      const took = results.filter((r) => r === "took").length;
      expect(took).toBeGreaterThan(0);
      expect(Number(readFileSync(counter, "utf8"))).toBe(took);
    }
  }, 60_000);

  it("lockFolder(dir) over a stale lock found by many writers at once still lets only one write at a time", async () => {
    const dir = tmp.path("stale");
    const counter = tmp.path("counter-stale");
    writeFileSync(counter, "0");
    (await import("node:fs")).mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, ".cartlift.lock"), "999999999\n"); // a writer killed with SIGKILL
    const results = await Promise.all(Array.from({ length: 12 }, () => writer(dir, counter)));
    const took = results.filter((r) => r === "took").length;
    expect(results.every((r) => r === "took" || r === "output_locked")).toBe(true);
    expect(took).toBeGreaterThan(0);
    expect(Number(readFileSync(counter, "utf8"))).toBe(took);
  }, 60_000);
});
