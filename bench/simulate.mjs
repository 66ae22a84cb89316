#!/usr/bin/env node
// Simulator speed: `cartlift simulate` writing 10 million events (the target: under 60 s, memory
// bounded), then `cartlift ingest` of the file with no options. There is no reference simulator to
// compare with; the figures print next to the target.
//
//   npm run bench:simulate -- [--users 2000000] [--seed 42] [--check]
import { mkdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { targets, timed } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", ".data", "simulate");
const CLI = join(ROOT, "bin", "cartlift.js");
const { values } = parseArgs({
  options: {
    users: { type: "string", default: "2000000" },
    seed: { type: "string", default: "42" },
    check: { type: "boolean", default: false },
  },
});
const goals = targets();
mkdirSync(OUT, { recursive: true });

function timedCli(args) {
  const r = timed("node", [CLI, ...args]);
  return { ...r, report: JSON.parse(r.stdout) };
}

const csv = join(OUT, "shop.csv");
const sim = timedCli([
  "simulate",
  "--out",
  csv,
  "--users",
  values.users,
  "--items",
  "200000",
  "--days",
  "28",
  "--widget",
  "random",
  "--seed",
  values.seed,
  "--json",
  "-q",
]);
const events = sim.report.events;
rmSync(join(OUT, "ds"), { recursive: true, force: true });
const ing = timedCli(["ingest", csv, "--out", join(OUT, "ds"), "--json", "-q"]);
console.log(
  `${Number(values.users).toLocaleString("en-US")} users, 200,000 items, 28 days: ${events.toLocaleString("en-US")} events, ${(statSync(csv).size / 1e6).toFixed(0)} MB CSV, ${sim.report.moments.toLocaleString("en-US")} empty-cart moments`,
);
console.log("step".padEnd(40) + "wall s".padStart(9) + "events/s".padStart(12) + "peak RSS MB".padStart(13));
console.log(
  "cartlift simulate (CSV + sidecars)".padEnd(40) +
    sim.wall.toFixed(2).padStart(9) +
    Math.round(events / sim.wall)
      .toLocaleString("en-US")
      .padStart(12) +
    Math.round(sim.rssMB).toLocaleString("en-US").padStart(13),
);
console.log(
  "cartlift ingest (no options)".padEnd(40) +
    ing.wall.toFixed(2).padStart(9) +
    Math.round(events / ing.wall)
      .toLocaleString("en-US")
      .padStart(12) +
    Math.round(ing.rssMB).toLocaleString("en-US").padStart(13),
);
// the target is stated for 10 million events: a smaller run (--users) cannot meet it
goals.met(
  "simulate wall s",
  `${sim.wall.toFixed(1)} s for ${events.toLocaleString("en-US")} events`,
  events >= 1e7 && sim.wall < 60,
  "10 million events in under 60 s",
);
goals.met(
  "ingest rejected rows",
  ing.report.counts?.rejected ?? ing.report.rejected,
  (ing.report.counts?.rejected ?? ing.report.rejected) === 0,
  "0",
);
goals.finish(values.check);
console.log(
  `target: 10 million events simulated in under 60 s; rejected by ingest: ${ing.report.counts?.rejected ?? ing.report.rejected ?? "?"}`,
);
