#!/usr/bin/env node
// Ingest benchmark: `cartlift ingest` versus pandas.read_csv on a synthetic
// file in the REES46 layout, plus a memory-scaling check.
//
//   npm run bench:ingest -- [--rows N] [--repeat N] [--threads N] [--json] [--keep] [--skip-pandas] [--check]
//
// Env: CARTLIFT_BENCH_CLI=path/to/cartlift.js runs that CLI instead of bin/cartlift.js.
//
// Standard library only, so the benchmark cannot be skewed by (or break on)
// the project's own dependency tree.

import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, accessSync, constants as fsConstants } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { availableParallelism, cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT_DIR = resolve(BENCH_DIR, "..");
const DATA_DIR = join(BENCH_DIR, ".data");
// Overridable to benchmark another build (e.g. a stash of main) against this file.
const CLI_PATH = process.env.CARTLIFT_BENCH_CLI
  ? resolve(process.env.CARTLIFT_BENCH_CLI)
  : join(ROOT_DIR, "bin", "cartlift.js");
const PYTHON = "/usr/bin/python3";
const GNU_TIME = "/usr/bin/time";

// Bump when the generator's output changes, so stale cached files are not
// silently reused (the version is part of the cache file name).
const GENERATOR_VERSION = 1;
const SEED = 0x5eed4646;
const TARGET_RATIO = 1.5;
const MIB = 1024 * 1024;

const HEADER = "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";

const USAGE = `usage: node bench/ingest.mjs [options]
  --rows N        rows in the generated CSV (default 5000000)
  --repeat N      runs per measurement, the median is reported (default 3)
  --json          print one JSON object instead of the table
  --keep          keep cartlift output directories under bench/.data/
  --skip-pandas   do not run the pandas comparison
  --threads N     cartlift ingest --threads (default: the CLI's own, the cores up to 4)
  --check         exit 1 when the ratio to pandas is above its target (or could not be measured)
  --help          show this help
env CARTLIFT_BENCH_CLI=PATH benchmarks that CLI instead of bin/cartlift.js`;

// ---------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: tiny, fast, and good enough for synthetic data; same seed → same bytes. */
function mulberry32(seed) {
  let a = seed >>> 0;
  const nextU32 = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    nextU32,
    next: () => nextU32() / 4294967296,
    int: (n) => Math.floor((nextU32() / 4294967296) * n),
    normal() {
      // Box-Muller; 1 - u keeps log() away from 0.
      const u = 1 - nextU32() / 4294967296;
      const v = nextU32() / 4294967296;
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}

/**
 * Zipf sampler over ranks 0..n-1 via an inverse CDF table: a binary search per
 * draw is cheap enough for millions of rows and needs no rejection loop.
 */
function zipfSampler(n, exponent) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += 1 / Math.pow(k + 1, exponent);
    cdf[k] = sum;
  }
  for (let k = 0; k < n; k++) cdf[k] /= sum;
  return (u) => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function shuffle(array, rng) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [array[i], array[j]] = [array[j], array[i]];
  }
  return array;
}

/**
 * Distinct integer ids in ascending blocks, then shuffled so that popularity
 * rank does not correlate with id order (it does not in the real data either).
 */
function distinctIds(count, base, stride, rng) {
  const ids = new Array(count);
  for (let i = 0; i < count; i++) ids[i] = base + i * stride + rng.int(stride);
  return shuffle(ids, rng);
}

// ---------------------------------------------------------------------------
// The synthetic "world": categories, brands, products, users

const CATEGORY_CODES = [
  "electronics.smartphone",
  "electronics.audio.headphone",
  "electronics.video.tv",
  "electronics.clocks",
  "electronics.tablet",
  "electronics.audio.subwoofer",
  "electronics.camera.video",
  "electronics.telephone",
  "electronics.camera.photo",
  "computers.notebook",
  "computers.desktop",
  "computers.peripherals.printer",
  "computers.components.videocards",
  "computers.peripherals.monitor",
  "computers.peripherals.mouse",
  "computers.components.memory",
  "appliances.kitchen.washer",
  "appliances.kitchen.refrigerators",
  "appliances.environment.vacuum",
  "appliances.kitchen.microwave",
  "appliances.iron",
  "appliances.environment.air_heater",
  "appliances.personal.massager",
  "appliances.kitchen.blender",
  "appliances.environment.water_heater",
  "apparel.shoes",
  "apparel.shoes.keds",
  "apparel.trousers",
  "apparel.costume",
  "apparel.shirt",
  "apparel.jeans",
  "furniture.living_room.sofa",
  "furniture.bedroom.bed",
  "furniture.kitchen.table",
  "furniture.living_room.cabinet",
  "auto.accessories.player",
  "auto.accessories.alarm",
  "auto.accessories.videoregister",
  "construction.tools.drill",
  "construction.tools.saw",
  "construction.tools.welding",
  "kids.toys",
  "kids.carriage",
  "kids.skates",
  "sport.bicycle",
  "sport.tennis",
  "sport.ski",
  "accessories.bag",
  "accessories.wallet",
  "country_yard.lawn_mower",
  "country_yard.cultivator",
  "medicine.tools.tonometer",
  "stationery.cartrige",
];

const REAL_BRANDS = [
  "samsung",
  "apple",
  "xiaomi",
  "huawei",
  "lucente",
  "lg",
  "bosch",
  "oppo",
  "sony",
  "respect",
  "acer",
  "artel",
  "lenovo",
  "indesit",
  "elenberg",
  "haier",
  "hp",
  "asus",
  "pulser",
  "midea",
  "casio",
  "philips",
  "beko",
  "shiseido",
  "redmond",
  "tefal",
  "polaris",
  "vitek",
  "canon",
  "nikon",
  "jbl",
  "dell",
  "msi",
  "gorenje",
  "atlant",
];

const SYLLABLES = [
  "ka",
  "ro",
  "mi",
  "te",
  "lu",
  "van",
  "so",
  "dex",
  "na",
  "pri",
  "zo",
  "tek",
  "ar",
  "vi",
  "no",
  "sta",
  "el",
  "max",
  "ri",
  "on",
  "bel",
  "co",
  "tri",
  "ga",
  "fen",
  "ox",
];

/** Lowercase pseudo-words: real brand strings vary in length, which matters to a parser. */
function makeBrands(count, rng) {
  const seen = new Set(REAL_BRANDS);
  const brands = [...REAL_BRANDS];
  while (brands.length < count) {
    let name = "";
    const parts = 2 + rng.int(3);
    for (let i = 0; i < parts; i++) name += SYLLABLES[rng.int(SYLLABLES.length)];
    if (!seen.has(name)) {
      seen.add(name);
      brands.push(name);
    }
  }
  return brands;
}

/**
 * category_id is built digit by digit as a string: the real ids are 19 digits
 * (above 2^53), and going through a JS number would silently corrupt them.
 */
function makeCategories(count, rng) {
  const seen = new Set();
  const categories = [];
  while (categories.length < count) {
    let id = rng.next() < 0.5 ? "2053013" : "2103807";
    while (id.length < 19) id += String(rng.int(10));
    if (seen.has(id)) continue;
    seen.add(id);
    // About a third of real rows have no category_code.
    const code = rng.next() < 0.3 ? "" : CATEGORY_CODES[rng.int(CATEGORY_CODES.length)];
    // Log-uniform typical price per category: cables and TVs differ by 100x.
    const medianPrice = Math.exp(1 + rng.next() * 5.5);
    categories.push({ id, code, medianPrice, products: [] });
  }
  return categories;
}

const MAX_PRODUCT_BYTES = 128; // id 8 + category_id 19 + code <= 40 + brand <= 20 + price 7 + commas

/**
 * Each product's "product_id,category_id,category_code,brand,price" slice is
 * rendered once into one shared Buffer, so emitting a row is a byte copy. Held
 * as 200k separate JS strings the table cost ~60 MB of heap (template literals
 * leave cons-string trees behind); packed it is ~13 MB.
 */
function makeProducts(count, categories, brands, rng) {
  const ids = distinctIds(count, 1000978, 250, rng);
  const pickCategory = zipfSampler(categories.length, 1.0);
  const pickBrand = zipfSampler(brands.length, 1.1);
  const scratch = Buffer.allocUnsafe(count * MAX_PRODUCT_BYTES);
  const offsets = new Uint32Array(count + 1);
  const categoryOf = new Uint16Array(count);
  for (let rank = 0; rank < count; rank++) {
    const categoryIndex = pickCategory(rng.next());
    const category = categories[categoryIndex];
    const brand = rng.next() < 0.15 ? "" : brands[pickBrand(rng.next())];
    const raw = category.medianPrice * Math.exp(0.6 * rng.normal());
    const price = Math.min(2574.07, Math.max(0.77, raw)).toFixed(2);
    category.products.push(rank); // ascending rank: front of the list = popular
    categoryOf[rank] = categoryIndex;
    const slice = `${ids[rank]},${category.id},${category.code},${brand},${price}`;
    offsets[rank + 1] = offsets[rank] + scratch.latin1Write(slice, offsets[rank]);
  }
  // Copy out so the oversized scratch buffer can be freed.
  return { count, categoryOf, offsets, bytes: Buffer.from(scratch.subarray(0, offsets[count])) };
}

function buildWorld() {
  const rng = mulberry32(SEED);
  const categories = makeCategories(700, rng);
  const brands = makeBrands(3000, rng);
  const products = makeProducts(200_000, categories, brands, rng);
  const userIds = distinctIds(300_000, 512_000_000, 180, rng);
  return {
    categories,
    products,
    userIds,
    pickProduct: zipfSampler(products.count, 0.85),
    pickUser: zipfSampler(userIds.length, 0.75),
  };
}

// ---------------------------------------------------------------------------
// Event stream

function hex8(n) {
  return n.toString(16).padStart(8, "0");
}

/** UUID v4 shaped (36 chars, lowercase hex), like the real user_session column. */
function makeUuid(rng) {
  const a = hex8(rng.nextU32());
  const b = hex8(rng.nextU32());
  const c = hex8(((rng.nextU32() & 0x3fffffff) | 0x80000000) >>> 0); // >>> 0: bit ops yield signed int32
  const d = hex8(rng.nextU32());
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

const pad2 = (n) => (n < 10 ? "0" : "") + n;

function formatUtc(epochSeconds) {
  const d = new Date(epochSeconds * 1000);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} UTC`
  );
}

// Returned with the surrounding commas so the writer needs no per-row concatenation.
function eventTypeField(u) {
  if (u < 0.97) return VIEW_FIELD;
  if (u < 0.985) return ",cart,";
  if (u < 0.988) return ",remove_from_cart,";
  return ",purchase,";
}
const VIEW_FIELD = ",view,";

function newSession(world, rng) {
  const userId = world.userIds[world.pickUser(rng.next())];
  return { tail: `,${userId},${makeUuid(rng)}\n`, product: world.pickProduct(rng.next()) };
}

/** Browsing is sticky: users revisit a product or stay in its category. */
function nextProduct(world, session, rng) {
  const u = rng.next();
  if (u < 0.25) return session.product;
  if (u < 0.55) {
    const siblings = world.categories[world.products.categoryOf[session.product]].products;
    const r = rng.next();
    return siblings[Math.floor(siblings.length * r * r * r)]; // skew to popular
  }
  return world.pickProduct(rng.next());
}

const START_EPOCH = Date.UTC(2019, 9, 1) / 1000;
const SPAN_SECONDS = 5 * 86_400;

/**
 * Yields one event per row. Time depends on `timelineRows`, not on `rows`, so a
 * run with fewer rows but the same timeline is a byte-exact prefix of the larger
 * file. A pool of concurrently open sessions is interleaved; its size scales with
 * the event rate so a session spans a few minutes at any file size.
 *
 * The same event record is mutated and re-yielded every time (no per-row garbage);
 * consumers must use it before asking for the next one.
 */
function* eventRows(world, rows, timelineRows) {
  const rng = mulberry32(SEED ^ 0x9e3779b9);
  const pool = Array.from({ length: Math.max(8, Math.round((400 * timelineRows) / 5e6)) }, () =>
    newSession(world, rng),
  );
  const event = { time: "", typeField: "", product: 0, tail: "" };
  let lastSecond = -1;
  for (let i = 0; i < rows; i++) {
    const second = Math.floor((i * SPAN_SECONDS) / timelineRows);
    if (second !== lastSecond) {
      lastSecond = second;
      event.time = formatUtc(START_EPOCH + second);
    }
    const slot = rng.int(pool.length);
    const session = pool[slot];
    event.typeField = eventTypeField(rng.next());
    if (event.typeField === VIEW_FIELD) session.product = nextProduct(world, session, rng);
    event.product = session.product;
    event.tail = session.tail;
    yield event;
    if (rng.next() < 1 / 7) pool[slot] = newSession(world, rng); // mean ~7 events/session
  }
}

// ---------------------------------------------------------------------------
// Dataset files (cached)

const CHUNK_BYTES = 2 * MIB;
const MAX_ROW_BYTES = 1024;

/**
 * Rows are copied field by field into ~2 MB Buffers (the CSV is pure ASCII)
 * rather than concatenated into 2 MB strings, whose rope-then-flatten garbage
 * inflated the generator's peak RSS. A fresh Buffer per chunk because a queued
 * one must not be overwritten before the stream has flushed it.
 */
async function writeRows(path, rows, timelineRows) {
  const world = buildWorld();
  const { bytes, offsets } = world.products;
  const out = createWriteStream(path);
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES + MAX_ROW_BYTES);
  let used = chunk.latin1Write(HEADER + "\n", 0);
  for (const event of eventRows(world, rows, timelineRows)) {
    used += chunk.latin1Write(event.time, used);
    used += chunk.latin1Write(event.typeField, used);
    used += bytes.copy(chunk, used, offsets[event.product], offsets[event.product + 1]);
    used += chunk.latin1Write(event.tail, used);
    if (used >= CHUNK_BYTES) {
      // Respect backpressure, otherwise the whole file would queue in memory.
      if (!out.write(chunk.subarray(0, used))) await once(out, "drain");
      chunk = Buffer.allocUnsafe(CHUNK_BYTES + MAX_ROW_BYTES);
      used = 0;
    }
  }
  out.end(chunk.subarray(0, used));
  await finished(out);
}

/** Generates into a temp name and renames, so an interrupted run is never reused. */
export async function ensureDataset(rows, timelineRows, log) {
  await mkdir(DATA_DIR, { recursive: true });
  const suffix = rows === timelineRows ? "" : `-of-${timelineRows}`;
  const path = join(DATA_DIR, `rees46-g${GENERATOR_VERSION}-${rows}${suffix}.csv`);
  const existing = await stat(path).catch(() => null);
  if (existing) {
    log(`dataset: reusing ${path} (${formatMB(existing.size)} MB)`);
    return { path, rows, bytes: existing.size, cached: true, generateSeconds: null };
  }
  log(`dataset: generating ${formatInt(rows)} rows into ${path} ...`);
  const tmp = `${path}.${process.pid}.tmp`;
  const started = process.hrtime.bigint();
  try {
    await writeRows(tmp, rows, timelineRows);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  const generateSeconds = secondsSince(started);
  const { size } = await stat(path);
  log(`dataset: wrote ${formatMB(size)} MB in ${generateSeconds.toFixed(1)} s`);
  return { path, rows, bytes: size, cached: false, generateSeconds };
}

// ---------------------------------------------------------------------------
// Child processes

const STDERR_KEEP = 64 * 1024;

/** Runs a child to completion; keeps only the stderr tail since progress output can be long. */
function runChild(command, args) {
  return new Promise((resolvePromise) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => {
      stderr = (stderr + d).slice(-STDERR_KEEP);
    });
    child.on("error", (error) => {
      resolvePromise({ code: null, signal: null, stdout, stderr: String(error), wallSeconds: 0 });
    });
    child.on("close", (code, signal) => {
      resolvePromise({ code, signal, stdout, stderr, wallSeconds: secondsSince(started) });
    });
  });
}

/** Accepts a bare JSON document or the last JSON-object line among other output. */
function parseJsonReport(stdout) {
  const text = stdout.trim();
  const candidates = [text, ...text.split("\n").reverse(), text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)];
  for (const candidate of candidates) {
    if (!candidate.trim().startsWith("{")) continue;
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next candidate
    }
  }
  return null;
}

function isExecutable(path) {
  try {
    accessSync(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

class BenchError extends Error {}

function childFailure(what, result) {
  const status = result.signal ? `signal ${result.signal}` : `exit code ${result.code}`;
  let message = `${what} failed (${status})`;
  const tail = result.stderr.trim().split("\n").slice(-40).join("\n");
  if (tail) message += `\n--- child stderr (tail) ---\n${tail}\n---------------------------`;
  if (/ERR_MODULE_NOT_FOUND|Cannot find module/.test(result.stderr) && /dist/.test(result.stderr)) {
    message += "\nhint: the CLI loads dist/, run `npm run build` first";
  }
  return new BenchError(message);
}

// ---------------------------------------------------------------------------
// pandas

// Fresh interpreter per run: ru_maxrss is a high-water mark and never goes down.
const PANDAS_SCRIPT = `
import json, resource, sys, time
import pandas as pd
path, variant = sys.argv[1], sys.argv[2]
kwargs = {}
if variant == "typed":
    ids = {"product_id": str, "category_id": str, "user_id": str, "user_session": str}
    kwargs = {"dtype": ids, "parse_dates": ["event_time"]}
started = time.perf_counter()
df = pd.read_csv(path, **kwargs)
seconds = time.perf_counter() - started
print(json.dumps({
    "seconds": seconds,
    "rows": int(len(df)),
    "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
`;

const PANDAS_VARIANTS = [
  { key: "default", label: "pandas.read_csv (default)" },
  { key: "typed", label: "pandas.read_csv (str ids, dates)" },
];

function probePandas() {
  const probe = spawnSync(PYTHON, ["-c", "import sys, pandas; print(pandas.__version__, sys.version.split()[0])"], {
    encoding: "utf8",
  });
  if (probe.error) return { available: false, note: `${PYTHON} not found (${probe.error.code})` };
  if (probe.status !== 0) {
    const last = probe.stderr.trim().split("\n").pop();
    return { available: false, note: `pandas is not importable by ${PYTHON}: ${last}` };
  }
  const [version, python] = probe.stdout.trim().split(" ");
  return { available: true, version, python };
}

async function runPandasOnce(dataset, variant) {
  const result = await runChild(PYTHON, ["-c", PANDAS_SCRIPT, dataset.path, variant.key]);
  const report = result.code === 0 ? parseJsonReport(result.stdout) : null;
  if (!report) throw childFailure(variant.label, result);
  const warnings = report.rows === dataset.rows ? [] : [`read ${report.rows} rows, expected ${dataset.rows}`];
  return {
    seconds: report.seconds,
    wallSeconds: result.wallSeconds,
    rows: report.rows,
    warnings,
    peakRssMB: report.maxRssKB / 1024,
  };
}

// ---------------------------------------------------------------------------
// cartlift

let outDirCounter = 0;

async function runCartliftOnce(dataset, keep, threads) {
  const outDir = join(DATA_DIR, `out-${process.pid}-${dataset.rows}-${outDirCounter++}`);
  await rm(outDir, { recursive: true, force: true });
  const cliArgs = [CLI_PATH, "ingest", dataset.path, "--preset", "rees46", "--out", outDir, "--json"];
  if (threads) cliArgs.push("--threads", threads);
  // GNU time measures the child from outside, independent of what the CLI reports.
  const useTime = isExecutable(GNU_TIME);
  const result = useTime
    ? await runChild(GNU_TIME, ["-f", "%M", process.execPath, ...cliArgs])
    : await runChild(process.execPath, cliArgs);
  const timeRssKB = useTime ? popTimeRss(result) : null;
  if (!keep) await rm(outDir, { recursive: true, force: true });
  if (result.code !== 0) throw childFailure("cartlift ingest", result);
  const report = parseJsonReport(result.stdout);
  return summarizeCartliftRun(dataset, result, report, timeRssKB, keep ? outDir : null);
}

/**
 * GNU time appends max RSS (KB) as the last stderr line, preceded on failure by
 * its own "Command exited with non-zero status" line; strip both so a failure
 * shows only what the CLI itself printed.
 */
function popTimeRss(result) {
  const lines = result.stderr.trimEnd().split("\n");
  const last = lines.at(-1)?.trim() ?? "";
  if (!/^\d+$/.test(last)) return null;
  lines.pop();
  if (/^Command exited with non-zero status \d+$/.test(lines.at(-1) ?? "")) lines.pop();
  result.stderr = lines.join("\n");
  return Number(last);
}

function summarizeCartliftRun(dataset, result, report, timeRssKB, outDir) {
  const warnings = [];
  if (!report) warnings.push("cartlift printed no parseable JSON report; using external measurements only");
  if (report && report.read !== undefined && report.read !== dataset.rows) {
    warnings.push(`cartlift reported read=${report.read}, expected ${dataset.rows}`);
  }
  const reportedRss = typeof report?.peakRssMB === "number" ? report.peakRssMB : null;
  const peakRssMB = timeRssKB !== null ? timeRssKB / 1024 : reportedRss;
  if (peakRssMB === null) warnings.push("no peak RSS available (no /usr/bin/time, no peakRssMB in report)");
  return {
    seconds: typeof report?.seconds === "number" ? report.seconds : result.wallSeconds,
    wallSeconds: result.wallSeconds,
    rows: dataset.rows,
    peakRssMB,
    reportedPeakRssMB: reportedRss,
    timePeakRssMB: timeRssKB === null ? null : timeRssKB / 1024,
    report,
    outDir,
    warnings,
  };
}

// ---------------------------------------------------------------------------
// Measurement loop

function median(values) {
  const xs = values.filter((v) => typeof v === "number" && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

async function measure(label, repeat, runOnce, log) {
  const runs = [];
  for (let i = 1; i <= repeat; i++) {
    const run = await runOnce();
    for (const warning of run.warnings ?? []) log(`warning: ${label}: ${warning}`);
    if (run.outDir) log(`${label} run ${i}/${repeat}: output kept in ${run.outDir}`);
    log(
      `${label} run ${i}/${repeat}: ${run.seconds.toFixed(2)} s (wall ${run.wallSeconds.toFixed(2)} s), ` +
        `peak RSS ${run.peakRssMB === null ? "n/a" : formatInt(run.peakRssMB)} MB`,
    );
    runs.push(run);
  }
  const seconds = median(runs.map((r) => r.seconds));
  return {
    label,
    seconds,
    wallSeconds: median(runs.map((r) => r.wallSeconds)),
    rowsPerSecond: runs[0].rows / seconds,
    peakRssMB: median(runs.map((r) => r.peakRssMB)),
    rows: runs[0].rows,
    runs,
  };
}

async function benchPandas(dataset, options, log) {
  if (options["skip-pandas"]) return { available: false, note: "skipped (--skip-pandas)" };
  const probe = probePandas();
  if (!probe.available) {
    log(`note: ${probe.note}; continuing with cartlift only`);
    return probe;
  }
  // A pandas crash (e.g. OOM-killed) is itself a finding: report it, still run cartlift.
  const results = { ...probe, failures: [] };
  for (const variant of PANDAS_VARIANTS) {
    try {
      results[variant.key] = await measure(variant.label, options.repeat, () => runPandasOnce(dataset, variant), log);
    } catch (error) {
      if (!(error instanceof BenchError)) throw error;
      log(`error: ${error.message}`);
      results.failures.push(error.message);
    }
  }
  return results;
}

async function benchCartlift(dataset, prefix, options, log) {
  if (!(await stat(CLI_PATH).catch(() => null))) {
    throw new BenchError(`cartlift CLI not found at ${CLI_PATH}`);
  }
  const run = (ds) => () => runCartliftOnce(ds, options.keep, options.threads);
  const full = await measure("cartlift ingest", options.repeat, run(dataset), log);
  const small = await measure(`cartlift ingest (${formatInt(prefix.rows)} rows)`, options.repeat, run(prefix), log);
  return { full, prefix: small };
}

// ---------------------------------------------------------------------------
// Reporting

const formatInt = (n) => Math.round(n).toLocaleString("en-US");
const formatMB = (bytes) => (bytes / MIB).toFixed(1);
const secondsSince = (started) => Number(process.hrtime.bigint() - started) / 1e9;
const ratioOf = (a, b) => (a && b ? a / b : null);

function environment() {
  const cpuList = cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cores: availableParallelism(),
    cpu: cpuList[0]?.model ?? "unknown",
  };
}

function buildSummary(options, dataset, prefix, pandas, cartlift) {
  const pandasDefault = pandas.default ?? null;
  return {
    benchmark: "ingest",
    ok: !pandas.failures?.length,
    ...environment(),
    rows: options.rows,
    repeat: options.repeat,
    dataset,
    prefixDataset: prefix,
    pandas,
    cartlift,
    ratio: {
      seconds: ratioOf(cartlift.full.seconds, pandasDefault?.seconds),
      wallSeconds: ratioOf(cartlift.full.wallSeconds, pandasDefault?.wallSeconds),
      target: TARGET_RATIO,
    },
    memoryScaling: {
      prefixRows: prefix.rows,
      prefixPeakRssMB: cartlift.prefix.peakRssMB,
      rows: dataset.rows,
      peakRssMB: cartlift.full.peakRssMB,
      growth: ratioOf(cartlift.full.peakRssMB, cartlift.prefix.peakRssMB),
    },
  };
}

function tableRow(label, m) {
  const rss = m.peakRssMB === null ? "n/a" : formatInt(m.peakRssMB);
  return (
    label.padEnd(35) +
    m.seconds.toFixed(2).padEnd(10) +
    m.wallSeconds.toFixed(2).padEnd(10) +
    formatInt(m.rowsPerSecond).padEnd(12) +
    rss
  );
}

function renderTable(s) {
  const lines = [
    `ingest benchmark: ${formatInt(s.dataset.rows)} rows, ${formatMB(s.dataset.bytes)} MB (REES46 layout), ` +
      `node ${s.node}, ${s.cores} cores`,
    `dataset: ${s.dataset.path} (${s.dataset.cached ? "cached" : `generated in ${s.dataset.generateSeconds.toFixed(1)} s`}), ` +
      `median of ${s.repeat} run(s)`,
    "tool".padEnd(35) + "seconds".padEnd(10) + "wall s".padEnd(10) + "rows/s".padEnd(12) + "peak RSS MB",
  ];
  for (const variant of PANDAS_VARIANTS) {
    if (s.pandas[variant.key]) lines.push(tableRow(variant.label, s.pandas[variant.key]));
    else if (s.pandas.available) lines.push(`${variant.label.padEnd(35)}FAILED (see stderr)`);
  }
  lines.push(tableRow("cartlift ingest (parse..write)", s.cartlift.full));
  lines.push(...ratioLines(s));
  const scaling = s.cartlift;
  lines.push(
    `memory scaling: ${formatInt(scaling.prefix.rows)} rows -> ${formatRss(scaling.prefix.peakRssMB)} MB; ` +
      `${formatInt(scaling.full.rows)} rows -> ${formatRss(scaling.full.peakRssMB)} MB` +
      (s.memoryScaling.growth ? ` (${s.memoryScaling.growth.toFixed(2)}x RSS for 5x rows)` : ""),
  );
  lines.push(
    "(seconds: as timed by the tool itself, pandas excludes interpreter start and import; " +
      "wall s: whole child process)",
  );
  return lines.join("\n");
}

const formatRss = (mb) => (mb === null ? "n/a" : formatInt(mb));

function ratioLines(s) {
  if (s.ratio.seconds === null) {
    return [`ratio cartlift / pandas default:   n/a (pandas: ${s.pandas.note ?? "default variant failed"})`];
  }
  const verdict = s.ratio.seconds <= TARGET_RATIO ? "ok" : "ABOVE TARGET";
  return [
    `ratio cartlift / pandas default:   ${s.ratio.seconds.toFixed(2)}x   (target <= ${TARGET_RATIO}x, ${verdict})`,
    `ratio on wall time:                ${s.ratio.wallSeconds.toFixed(2)}x`,
  ];
}

// ---------------------------------------------------------------------------
// CLI

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      rows: { type: "string", default: "5000000" },
      repeat: { type: "string", default: "3" },
      json: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      "skip-pandas": { type: "boolean", default: false },
      threads: { type: "string" },
      check: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  const rows = positiveInt(values.rows, "--rows");
  if (rows < 5) throw new BenchError("--rows must be at least 5 (the scaling check uses rows/5)");
  return { ...values, rows, repeat: positiveInt(values.repeat, "--repeat") };
}

function positiveInt(text, flag) {
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new BenchError(`${flag} expects a positive integer, got "${text}"`);
  }
  return Number(text);
}

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const log = (line) => process.stderr.write(`[bench] ${line}\n`);
  try {
    const dataset = await ensureDataset(options.rows, options.rows, log);
    const prefix = await ensureDataset(Math.floor(options.rows / 5), options.rows, log);
    // cartlift first: a broken CLI should fail in seconds, not after minutes of pandas.
    const cartlift = await benchCartlift(dataset, prefix, options, log);
    const pandas = await benchPandas(dataset, options, log);
    const summary = buildSummary(options, dataset, prefix, pandas, cartlift);
    process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${renderTable(summary)}\n`);
    if (options.check && !(summary.ratio.seconds !== null && summary.ratio.seconds <= TARGET_RATIO)) {
      process.stderr.write(
        `--check: ratio cartlift / pandas ${summary.ratio.seconds ?? "n/a"} (target <= ${TARGET_RATIO})\n`,
      );
      return 1;
    }
    return pandas.failures?.length ? 1 : 0;
  } catch (error) {
    if (!(error instanceof BenchError)) throw error;
    process.stderr.write(`\nbench:ingest FAILED: ${error.message}\n`);
    if (options.json)
      process.stdout.write(`${JSON.stringify({ benchmark: "ingest", ok: false, error: error.message })}\n`);
    return 1;
  }
}

// bench/scale-ingest.mjs imports the generator; run as a script, this is the ingest benchmark
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
