#!/usr/bin/env node
// GA4 ingest benchmark: `cartlift ingest --preset ga4` on a generated BigQuery export, as Parquet (event_params and
// items as lists of structs, as EXPORT DATA ... format = 'PARQUET' writes them) and as JSON lines (INT64 as strings),
// the same records both ways.
//
//   npm run bench:ga4 -- [--events N] [--items K] [--repeat N] [--format parquet|jsonl|both] [--check] [--keep]
//
// Target (issue 24): the Parquet path's read phase (decode, explode, validate, encode) at >= 1M item-events per second.
// Each run is one ingest in a child process (bench/ga4-read-cpu.mjs) under /usr/bin/time: besides the wall-clock read
// phase it reports the read phase's CPU seconds (all threads), the figure that carries on a shared machine.

import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { rng, targets, writeLines } from "./lib.mjs";
import { writeGa4Parquet } from "../scripts/ga4-parquet.mjs";

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const DATA_DIR = join(BENCH_DIR, ".data");
const READ_CPU = join(BENCH_DIR, "ga4-read-cpu.mjs");
const GENERATOR_VERSION = 1;
const TARGET = 1_000_000;

const { values: o } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    items: { type: "string", default: "3" },
    repeat: { type: "string", default: "3" },
    check: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    format: { type: "string", default: "both" },
  },
});
const events = Number(o.events);
const perEvent = Number(o.items);

const NAMES = ["view_item", "view_item", "view_item", "add_to_cart", "remove_from_cart", "begin_checkout", "purchase"];
const param = (key, v) =>
  `{"key":"${key}","value":{"string_value":${typeof v === "string" ? `"${v}"` : "null"},"int_value":${typeof v === "number" ? `"${v}"` : "null"},"float_value":null,"double_value":null}}`;

function* lines() {
  const r = rng(0x6a4);
  const start = 1_709_280_000_000_000;
  for (let e = 0; e < events; e++) {
    const user = Math.floor(r() * 100_000);
    const ts = start + Math.floor(e * 2_592_000 + r() * 1_000_000); // one month of microseconds
    const session = 1_709_280_000 + Math.floor(ts / 1e6 / 1800) * 7;
    const name = NAMES[Math.floor(r() * NAMES.length)];
    const items = [];
    for (let k = 0; k < perEvent; k++) {
      const id = Math.floor(r() * 50_000);
      items.push(
        `{"item_id":"SKU${id}","item_name":"Product ${id}","item_category":"C${id % 97}","price":${(5 + (id % 200)).toFixed(2)},"quantity":"${1 + (id % 3)}"}`,
      );
    }
    const txn = name === "purchase" ? `"T${e}"` : `"(not set)"`;
    yield `{"event_date":"20240301","event_timestamp":"${ts}","event_name":"${name}","event_params":[${param("page_location", "https://shop.example/p")},${param("ga_session_id", session)}],"event_bundle_sequence_id":"${e}","user_id":${r() < 0.3 ? `"U${user}"` : "null"},"user_pseudo_id":"${user}.${1_700_000_000 + user}","platform":"WEB","device":{"category":"mobile"},"ecommerce":{"transaction_id":${txn}},"items":[${items.join(",")}]}`;
  }
}

await mkdir(DATA_DIR, { recursive: true });
const jsonl = join(DATA_DIR, `ga4-v${GENERATOR_VERSION}-${events}x${perEvent}.jsonl`);
if (!existsSync(jsonl)) {
  console.log(`generating ${jsonl}`);
  await writeLines(jsonl, lines());
}
const parquet = jsonl.replace(/\.jsonl$/, ".parquet");
if (o.format !== "jsonl" && !existsSync(parquet)) {
  console.log(`generating ${parquet}`);
  await writeGa4Parquet(records(jsonl), parquet + ".tmp");
  await rename(parquet + ".tmp", parquet);
}

/** The generated export's records, parsed (the Parquet file holds the same ones). */
async function* records(file) {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity }))
    yield JSON.parse(line);
}

/** Wall seconds, peak RSS and CPU seconds (user + system, every thread) of a command: the machine may be shared. */
function timed(cmd, args) {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M %U %S", cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr.slice(-2000)}`);
  const [wall, kb, user, sys] = r.stderr.trim().split("\n").pop().split(" ").map(Number);
  return { wall, rssMB: kb / 1024, cpu: user + sys, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const t = targets();
for (const [label, file] of [
  ["Parquet", parquet],
  ["JSON lines", jsonl],
]) {
  if (o.format !== "both" && (o.format === "parquet") !== (label === "Parquet")) continue;
  const runs = [];
  for (let k = 0; k < Number(o.repeat); k++) {
    const out = join(DATA_DIR, `ga4-out-${k}`);
    await rm(out, { recursive: true, force: true });
    const run = timed(process.execPath, [READ_CPU, file, out]);
    const report = JSON.parse(run.stdout);
    runs.push({
      wall: run.wall,
      rssMB: run.rssMB,
      cpu: run.cpu,
      read: report.phaseSeconds.read,
      readCpu: report.readCpuSeconds,
      rows: report.accepted,
      threads: report.threads,
    });
    if (!o.keep) await rm(out, { recursive: true, force: true });
  }
  const rows = runs[0].rows;
  const read = median(runs.map((r) => r.read));
  const wall = median(runs.map((r) => r.wall));
  console.log(
    `GA4 ${label}: ${events.toLocaleString("en")} events x ${perEvent} items = ${rows.toLocaleString("en")} item-events`,
  );
  console.log(
    `  read phase: ${read.toFixed(2)} s median of ${runs.length} -> ${Math.round(rows / read).toLocaleString("en")} item-events/s`,
  );
  console.log(
    `  end to end: ${wall.toFixed(2)} s -> ${Math.round(rows / wall).toLocaleString("en")} item-events/s, peak RSS ${Math.round(median(runs.map((r) => r.rssMB)))} MB`,
  );
  console.log(
    `  CPU (user + system, all threads, whole run): ${median(runs.map((r) => r.cpu)).toFixed(1)} s; read on ${runs[0].threads} thread(s); load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
  const readCpu = median(runs.map((r) => r.readCpu));
  console.log(
    `  read phase CPU (all threads): ${readCpu.toFixed(2)} s = ${((readCpu / rows) * 1e6).toFixed(2)} µs per item-event; that CPU spread over this machine's ${availableParallelism()} idle core(s) would be ~${Math.round((rows / readCpu) * availableParallelism()).toLocaleString("en")} item-events/s (an upper bound: CPU time measured under this load, perfect overlap assumed)`,
  );
  if (label === "Parquet")
    t.met("Parquet read phase item-events/s", Math.round(rows / read), rows / read >= TARGET, `>= ${TARGET}`);
}
t.finish(o.check);
