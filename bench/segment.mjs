#!/usr/bin/env node
// Segment speed (issue 19): all built-in segments for 1M users and ~10M events at one point in time (target: under
// 20 s), and a 28-day daily timeline (target: under 2 minutes), peak RSS under 2 GB. The data comes from
// `cartlift simulate`: two runs of the same 1M users with different seeds, ingested together (one run gives about
// 5.5 events per user; the two runs' session and order ids of a user coincide and merge, which only makes sessions
// longer). Generated once into bench/.data/segment/ and reused.
//
//   npm run bench:segment -- [--users 1000000] [--fresh] [--check]
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { spawnSync } from "node:child_process";
import { targets } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", ".data", "segment");
const CLI = join(ROOT, "bin", "cartlift.js");
const { values } = parseArgs({
  options: {
    users: { type: "string", default: "1000000" },
    fresh: { type: "boolean", default: false },
    check: { type: "boolean", default: false },
  },
});
const data = join(OUT, `ds-${values.users}`);
/** Runs the CLI under /usr/bin/time: wall and CPU (user + system) seconds, peak RSS, and the --json report. */
const cli = (args) => {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M %U %S", "node", CLI, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`cartlift ${args.join(" ")} failed:\n${r.stderr.slice(-2000)}`);
  const [wall, kb, user, sys] = r.stderr.trim().split("\n").pop().split(" ").map(Number);
  return { wall, cpu: user + sys, rssMB: kb / 1024, report: JSON.parse(r.stdout) };
};

if (values.fresh) rmSync(data, { recursive: true, force: true });
if (!existsSync(join(data, "manifest.json"))) {
  mkdirSync(OUT, { recursive: true });
  const files = [1, 2].map((seed) => {
    const csv = join(OUT, `shop-${values.users}-${seed}.csv`);
    const sim = ["simulate", "--out", csv, "--users", values.users, "--items", "100000", "--days", "28"];
    cli([...sim, "--seed", String(seed), "--json", "-q"]);
    return csv;
  });
  cli(["ingest", ...files, "--out", data, "--json", "-q"]);
  for (const f of files)
    for (const x of ["", ".users.csv", ".world.json"]) rmSync(f.replace(/\.csv$/, x || ".csv"), { force: true });
}

const one = cli(["segment", "--data", data, "--json", "-q"]);
const timeline = cli(["segment", "--data", data, "--every", "1d", "--json", "-q"]);
const withOut = cli(["segment", "--data", data, "--out", join(OUT, "segments.parquet"), "--json", "-q"]);
const r = one.report;
console.log(
  `${r.users.toLocaleString("en-US")} users, ${r.events.toLocaleString("en-US")} events (${r.span.from} to ${r.span.to})`,
);
console.log(
  "run".padEnd(52) + "wall s".padStart(9) + "CPU s".padStart(9) + "peak RSS MB".padStart(13) + "target".padStart(16),
);
const row = (name, x, target) =>
  console.log(
    name.padEnd(52) +
      x.wall.toFixed(2).padStart(9) +
      x.cpu.toFixed(2).padStart(9) +
      Math.round(x.rssMB).toLocaleString("en-US").padStart(13) +
      target.padStart(16),
  );
row("segment, one point in time (all built-in segments)", one, "< 20 s, < 2 GB");
row(`segment --every 1d (${timeline.report.points.length} points)`, timeline, "< 120 s, < 2 GB");
row("segment, one point, --out segments.parquet", withOut, "");
console.log(
  "times include node start and reading the dataset (Arrow decode, dictionaries); the command is single-threaded, so on" +
    " a shared machine its CPU seconds are the closer figure to an idle machine's wall time",
);
// the targets of issue 19, for 1M users (a smaller --users checks the same bounds)
const goals = targets();
goals.met("one point in time", `${one.wall.toFixed(1)} s`, one.wall < 20, "< 20 s");
goals.met("28-day daily timeline", `${timeline.wall.toFixed(1)} s`, timeline.wall < 120, "< 120 s");
const peak = Math.max(one.rssMB, timeline.rssMB, withOut.rssMB);
goals.met("peak RSS", `${Math.round(peak)} MB`, peak < 2048, "< 2 GB");
goals.finish(values.check);
