// Helpers shared by the benchmarks.
import { spawnSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { once } from "node:events";

/** Runs a command under /usr/bin/time: wall seconds, peak RSS in MB and its stdout. */
export function timed(cmd, args) {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr.slice(-2000)}`);
  const [wall, kb] = r.stderr.trim().split("\n").pop().split(" ").map(Number);
  return { wall, rssMB: kb / 1024, stdout: r.stdout };
}

/** Writes lines (any iterable of strings) to a file in 1 MiB chunks. */
export async function writeLines(path, lines) {
  const out = createWriteStream(path);
  let chunk = "";
  for (const line of lines) {
    chunk += line + "\n";
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
}

/**
 * The stated targets of a benchmark. `met(name, value, ok, target)` records one; `finish(check)` prints them and, with
 * --check, sets a non-zero exit code when any target was missed (for a nightly job). Every bench takes --check.
 */
export function targets() {
  const list = [];
  return {
    met(name, value, ok, target) {
      list.push({ name, value, ok, target });
    },
    finish(check) {
      if (!check) return;
      console.log("\n--check:");
      for (const t of list) console.log(`  ${t.ok ? "met   " : "MISSED"} ${t.name}: ${t.value} (target ${t.target})`);
      if (list.length === 0 || list.some((t) => !t.ok)) process.exitCode = 1;
    },
  };
}

/** A seeded uniform generator in [0, 1) (mulberry32): same seed, same bytes. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
