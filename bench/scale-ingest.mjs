#!/usr/bin/env node
// Ingest at scale: `cartlift ingest --preset rees46` of --rows synthetic rows (bench/ingest.mjs's generator, cached
// in bench/.data/), in memory and with --memory-limit (the external sort), side by side: wall and CPU seconds, peak
// RSS (/usr/bin/time), the sort's runs and spilled bytes, and whether the two datasets are the same bytes.
//
//   npm run bench:scale-ingest -- [--rows 25000000] [--memory-limit 1GB] [--skip-memory] [--check]
//   --check: exit 1 unless the limited run's peak RSS is under 4 GB and its events.arrow equals the in-memory one
// Before generating anything, the free disk under bench/.data/ is checked against an estimate of what the run
// writes (the CSV if not cached, the dataset, the sort's runs); short of room, the bench says so and skips (exit 0).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, rmSync, statfsSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ensureDataset } from "./ingest.mjs";
import { targets } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// CARTLIFT_BENCH_CLI=path/to/cartlift.js runs another build (as bench/ingest.mjs does)
const CLI = process.env.CARTLIFT_BENCH_CLI ? resolve(process.env.CARTLIFT_BENCH_CLI) : join(ROOT, "bin", "cartlift.js");
const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "25000000" },
    "memory-limit": { type: "string", default: "1GB" },
    "skip-memory": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    check: { type: "boolean", default: false },
  },
});
const rows = Number(values.rows);
const goals = targets();
const work = join(ROOT, "bench", ".data", "scale-ingest");
mkdirSync(work, { recursive: true });

// bytes a row takes on disk, measured at 25M rows: 133 in the CSV, 43 in events.arrow (plus the dictionaries), 53 in
// the sort's runs (spilled whole at most once); the in-memory run's dataset is a second copy
const csvCached = existsSync(join(ROOT, "bench", ".data", `rees46-g1-${rows}.csv`));
const needBytes = rows * ((csvCached ? 0 : 133) + 60 + 53 + (values["skip-memory"] ? 0 : 60));
const fs = statfsSync(work);
const freeBytes = fs.bavail * fs.bsize;
if (freeBytes < needBytes * 1.1) {
  console.log(
    `skipped: ${rows.toLocaleString("en-US")} rows need about ${(needBytes / 1e9).toFixed(1)} GB of disk under ` +
      `${work} (CSV ${csvCached ? "cached" : "to generate"}, dataset, sort runs) and ${(freeBytes / 1e9).toFixed(1)} GB ` +
      "are free",
  );
  process.exit(0);
}
console.log(`disk: about ${(needBytes / 1e9).toFixed(1)} GB needed, ${(freeBytes / 1e9).toFixed(1)} GB free`);

const data = await ensureDataset(rows, rows, (m) => console.log(m));

/** Wall, user + system CPU seconds and peak RSS of one ingest, with its --json report. */
function ingest(name, extra) {
  const out = join(work, name);
  rmSync(out, { recursive: true, force: true });
  const load = loadavg()[0];
  const args = [CLI, "ingest", data.path, "--preset", "rees46", "--out", out, "--json", "-q", ...extra];
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "node", ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`ingest ${name} failed:\n${r.stderr.slice(-2000)}`);
  const [wall, user, sys, kb] = r.stderr.trim().split("\n").pop().split(" ").map(Number);
  const report = JSON.parse(r.stdout);
  return { name, out, wall, cpu: user + sys, rssMB: kb / 1024, load, report };
}

async function sha256(path) {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path)) h.update(chunk);
  return h.digest("hex");
}

const runs = [];
if (!values["skip-memory"]) runs.push(ingest("memory", []));
runs.push(ingest("limited", ["--memory-limit", values["memory-limit"], "--temp-dir", join(work, "tmp")]));
for (const r of runs) r.sha = await sha256(join(r.out, "events.arrow"));

console.log(
  `\ningest --preset rees46, ${rows.toLocaleString("en-US")} rows (${(data.bytes / 1e9).toFixed(2)} GB CSV; ` +
    `machine: 2 cores, shared with other jobs)`,
);
console.log("run        limit    wall s   CPU s   load   peak RSS MB   runs   spilled MB   sort s   write s");
for (const r of runs) {
  const ext = r.report.externalSort;
  console.log(
    `${r.name.padEnd(10)} ${(ext ? values["memory-limit"] : "-").padStart(5)} ${r.wall.toFixed(1).padStart(9)} ` +
      `${r.cpu.toFixed(1).padStart(7)} ${r.load.toFixed(1).padStart(6)} ${r.rssMB.toFixed(0).padStart(13)} ` +
      `${String(ext?.runs ?? "-").padStart(6)} ${(ext ? (ext.spilledBytes / 1e6).toFixed(0) : "-").padStart(12)} ` +
      `${r.report.phaseSeconds.sort.toFixed(1).padStart(8)} ${r.report.phaseSeconds.write.toFixed(1).padStart(9)}`,
  );
}
const limited = runs.at(-1);
const same = runs.length === 2 ? runs[0].sha === runs[1].sha : null;
if (same !== null)
  console.log(`events.arrow identical (in memory vs --memory-limit ${values["memory-limit"]}): ${same}`);
console.log(`events: ${limited.report.accepted.toLocaleString("en-US")}, events.arrow sha256 ${limited.sha}`);
goals.met("peak RSS with --memory-limit (MB)", limited.rssMB.toFixed(0), limited.rssMB < 4096, "< 4096");
if (same !== null) goals.met("same dataset bytes", same, same, "true");
if (!values.keep) for (const r of runs) rmSync(r.out, { recursive: true, force: true });
goals.finish(values.check);
