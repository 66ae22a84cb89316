#!/usr/bin/env node
// Co-visitation training speed: cartlift next to the reference's OTTO-style co-visitation
// (../shared/reference/session_protocol.py fit --model covisit) on the same clicks, same settings
// (position-weighted pairs, max gap 30, 24 h, top 20 neighbours). The clicks come from the
// synthetic REES46-layout file of bench/ingest.mjs (run `npm run bench:ingest` first, or pass --csv).
//
//   npm run bench:covis-speed -- [--csv path] [--skip-reference] [--threads n] [--check]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { targets, timed, writeLines } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REF = resolve(ROOT, "..", "shared", "reference", "session_protocol.py");
const OUT = join(ROOT, "bench", ".data", "covis-speed");
const { values } = parseArgs({
  options: {
    csv: { type: "string", default: join(ROOT, "bench", ".data", "rees46-g1-5000000.csv") },
    "skip-reference": { type: "boolean", default: false },
    threads: { type: "string" },
    check: { type: "boolean", default: false },
  },
});
const goals = targets();
const CLI = join(ROOT, "bin", "cartlift.js");
mkdirSync(OUT, { recursive: true });

const { readDataset } = await import(join(ROOT, "dist/io/read-dataset.js"));

// 1. the source events as a dataset, then as the reference's clicks CSV (session_id,item_id,timestamp)
const source = join(OUT, "source-ds");
if (!existsSync(join(source, "manifest.json")))
  execFileSync("node", [CLI, "ingest", values.csv, "--preset", "rees46", "--out", source, "-q", "--max-rejected", "1"]);
const clicks = join(OUT, "clicks.csv");
if (!existsSync(clicks)) {
  const { table } = readDataset(source);
  await writeLines(
    clicks,
    (function* () {
      yield "session_id,item_id,timestamp";
      for (let i = 0; i < table.length; i++)
        yield `${table.dicts.session.get(table.session[i])},${table.dicts.item.get(table.item[i])},${table.ts[i]}`;
    })(),
  );
}
const queries = join(OUT, "queries.jsonl");
writeFileSync(queries, JSON.stringify({ id: "q:1", history: [] }) + "\n");

// 2. cartlift: ingest the clicks (all views), train with the reference's settings
const ds = join(OUT, "clicks-ds");
if (!existsSync(join(ds, "manifest.json")))
  execFileSync("node", [
    CLI,
    "ingest",
    clicks,
    "--map",
    "session=session_id,item=item_id,ts=timestamp",
    "--out",
    ds,
    "-q",
  ]);
const ours = timed("node", [
  CLI,
  "train",
  "covis",
  "--data",
  ds,
  "--out",
  join(OUT, "covis.model"),
  "--k",
  "20",
  "--max-gap",
  "30",
  "--window",
  "24h",
  ...(values.threads ? ["--threads", values.threads] : []),
  "--json",
]);
const report = JSON.parse(ours.stdout);
const events = report.trainEvents;

// 3. the reference
let ref = null;
if (!values["skip-reference"]) {
  const r = timed("/usr/bin/python3", [
    REF,
    "fit",
    "--train",
    clicks,
    "--model",
    "covisit",
    "--set",
    "pair_weight=position",
    "--set",
    "topk=20",
    "--queries",
    queries,
    "--out",
    join(OUT, "ref-recs.jsonl"),
  ]);
  ref = { ...r, fit: JSON.parse(r.stdout.trim().split("\n").pop()) };
}

console.log(
  `co-visitation training: ${events.toLocaleString("en-US")} clicks, position-weighted pairs, gap 30, 24 h, top 20`,
);
console.log(
  "tool".padEnd(36) + "fit s".padStart(8) + "wall s".padStart(8) + "events/s".padStart(12) + "peak RSS MB".padStart(13),
);
console.log(
  "cartlift train covis".padEnd(36) +
    report.seconds.toFixed(2).padStart(8) +
    ours.wall.toFixed(2).padStart(8) +
    Math.round(events / report.seconds)
      .toLocaleString("en-US")
      .padStart(12) +
    Math.round(ours.rssMB).toLocaleString("en-US").padStart(13),
);
if (ref) {
  console.log(
    "reference covisit (numpy/pandas/scipy)".padEnd(36) +
      ref.fit.fit_s.toFixed(2).padStart(8) +
      ref.wall.toFixed(2).padStart(8) +
      Math.round(events / ref.fit.fit_s)
        .toLocaleString("en-US")
        .padStart(12) +
      Math.round(ref.rssMB).toLocaleString("en-US").padStart(13),
  );
  console.log(
    `ratio cartlift / reference fit time: ${(report.seconds / ref.fit.fit_s).toFixed(2)}x (target <= 0.5x); cartlift's time includes loading the dataset and writing the model`,
  );
  const ratio = report.seconds / ref.fit.fit_s;
  goals.met("cartlift / reference fit time", ratio.toFixed(2), ratio <= 0.5, "<= 0.5");
}
const counting = report.phaseSeconds.count_covisit;
console.log(
  `cartlift phases: ${Object.entries(report.phaseSeconds)
    .map(([k, v]) => `${k} ${v.toFixed(2)} s`)
    .join(", ")}; counting ${Math.round(events / counting).toLocaleString("en-US")} events/s`,
);
goals.finish(values.check);
