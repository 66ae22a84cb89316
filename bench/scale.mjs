#!/usr/bin/env node
// Scale benchmark: `train covis` on a synthetic shop of --events events (bench/scale-data.mjs, generated once and
// cached in bench/.data/scale/), in memory and on DuckDB with --memory-limit, side by side: wall time, peak RSS
// (/usr/bin/time), DuckDB's largest temporary disk use, and whether the two model files are the same bytes.
// Then an extrapolation to 1B events on a Spark cluster, marked as such (nothing here ran on Spark).
//
//   npm run bench:scale -- [--events 10000000] [--memory-limit 1GB] [--skip-memory] [--check]
//   --check: exit 1 unless DuckDB's peak RSS < 1.6 GB at 10M events / 1GB and its lists are the in-memory ones
//   (same items and order, scores within 1e-6: the parity rule)
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { targets, timed } from "./lib.mjs";
import { cachedSynthetic } from "./scale-data.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "bin", "cartlift.js");
const { parseModel } = await import(join(ROOT, "dist", "artifact", "read-model.js"));
const { values } = parseArgs({
  options: {
    events: { type: "string", default: "10000000" },
    "memory-limit": { type: "string", default: "1GB" },
    "skip-memory": { type: "boolean", default: false },
    check: { type: "boolean", default: false },
  },
});
const events = Number(values.events);
const goals = targets();
const out = join(ROOT, "bench", ".data", "scale", "out");
const temp = join(ROOT, "bench", ".data", "scale", "tmp");
mkdirSync(out, { recursive: true });
mkdirSync(temp, { recursive: true });

const t0 = performance.now();
const data = await cachedSynthetic(events);
console.log(
  `dataset: ${events.toLocaleString("en-US")} synthetic events in ${data} (${((performance.now() - t0) / 1000).toFixed(1)} s incl. generation if not cached)`,
);

const rows = [];
const run = (name, extra) => {
  const model = join(out, `${name}.model`);
  rmSync(model, { force: true });
  const r = timed("node", [CLI, "train", "covis", "--data", data, "--out", model, "--json", "-q", ...extra]);
  const report = JSON.parse(r.stdout);
  rows.push({ name, wall: r.wall, rssMB: r.rssMB, count: report.phaseSeconds.count_covisit, run: report.run, model });
  return rows.at(-1);
};
const memory = values["skip-memory"] ? null : run("memory", []);
const duck = run("duckdb", ["--engine", "duckdb", "--memory-limit", values["memory-limit"], "--temp-dir", temp]);
const same = memory ? readFileSync(memory.model).equals(readFileSync(duck.model)) : null;
const parity = memory ? compareLists(memory.model, duck.model) : null;

console.log(`\ntrain covis, ${events.toLocaleString("en-US")} events (machine: 2 cores, shared with other jobs)`);
console.log("engine        wall s   count s   peak RSS MB   temp disk MB   buckets");
for (const r of rows)
  console.log(
    `${r.name.padEnd(12)} ${r.wall.toFixed(1).padStart(6)} ${r.count.toFixed(1).padStart(9)} ${r.rssMB.toFixed(0).padStart(13)} ` +
      `${r.run.tempBytes !== undefined ? (r.run.tempBytes / 1e6).toFixed(0).padStart(14) : "-".padStart(14)} ${String(r.run.buckets ?? "-").padStart(9)}`,
  );
if (same !== null) console.log(`model files identical (in memory vs DuckDB ${values["memory-limit"]}): ${same}`);
if (parity)
  console.log(
    `neighbour lists: ${parity.sameLists ? "the same items in the same order" : "DIFFERENT"} ` +
      `(${parity.neighbours.toLocaleString("en-US")} neighbours); scores differing: ${parity.differing}, ` +
      `largest relative difference ${parity.maxRelative.toExponential(2)} (parity rule: 1e-6)`,
  );

// extrapolation, not a measurement: DuckDB's counting cost per event here, times 100 per 1B events, spread over a
// cluster's cores at the same per-core speed (no shuffle or skew cost counted: real Spark jobs pay both)
const perEventCoreSeconds = (duck.count * 2) / events;
for (const cores of [64, 256])
  console.log(
    `EXTRAPOLATION (never run): 1B events on a ${cores}-core Spark cluster at DuckDB's per-core speed here: ` +
      `~${((perEventCoreSeconds * 1e9) / cores / 60).toFixed(0)} min of counting, before shuffle overheads`,
  );

goals.met("DuckDB peak RSS (MB)", duck.rssMB.toFixed(0), duck.rssMB < 1600, "< 1600 at 10M events, 1GB limit");
// the parity rule: the same lists, scores within 1e-6 relative (float sums on DuckDB's threads run in no
// fixed order, so identical bytes are usual but not promised)
if (parity) {
  const met = parity.sameLists && parity.maxRelative <= 1e-6;
  goals.met("DuckDB lists = in-memory lists", met, met, "same items and order, scores within 1e-6");
}
goals.finish(values.check);

/** The covisit lists of two model files side by side: same rows and neighbours, and how far the scores differ. */
function compareLists(a, b) {
  const [x, y] = [a, b].map((f) => parseModel(readFileSync(f), f).sections);
  const bytes = (v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  const equal = (name) => bytes(x.get(name)).equals(bytes(y.get(name)));
  const sameLists = equal("covisit_indptr") && equal("covisit_indices");
  const [p, q] = [x.get("covisit_data"), y.get("covisit_data")];
  let differing = 0;
  let maxRelative = 0;
  for (let i = 0; i < Math.min(p.length, q.length); i++)
    if (p[i] !== q[i]) {
      differing++;
      maxRelative = Math.max(maxRelative, Math.abs(p[i] - q[i]) / Math.max(Math.abs(p[i]), Math.abs(q[i])));
    }
  return { sameLists: sameLists && p.length === q.length, neighbours: p.length, differing, maxRelative };
}
