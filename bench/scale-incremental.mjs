#!/usr/bin/env node
// Daily increments against nightly full retrains (docs/scale-out.md#daily-increments). A simulated shop of 17 days
// (src/simulate, generated once and cached in bench/.data/incremental/): a state is made at the end of day 2, then
// each of 14 nights trains (a) a full retrain on every event so far and (b) `--incremental` from each state variant
// (--state-k = k, 5k, all). Per night: neighbour overlap@k of each incremental model with the full retrain's (mean
// over items with a full list of |incremental top k ∩ full top k| / |full top k|), and HR@20 / MRR@20 of every model
// on the next day's sessions (session-next: each position i >= 1 of a session starting that day, history = the
// session's events before i; at most --cases cases a day, evenly spaced).
//
//   npm run bench:incremental -- [--users 20000] [--items 5000] [--k 50] [--half-life 7d] [--cases 4000]
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    users: { type: "string", default: "20000" },
    items: { type: "string", default: "5000" },
    k: { type: "string", default: "50" },
    "half-life": { type: "string", default: "7d" },
    cases: { type: "string", default: "4000" },
    seed: { type: "string", default: "42" },
  },
});
const { simulate } = await import(join(ROOT, "dist/pipeline/simulate.js"));
const { train } = await import(join(ROOT, "dist/pipeline/train.js"));
const { readDataset } = await import(join(ROOT, "dist/io/read-dataset.js"));
const { loadModel } = await import(join(ROOT, "dist/models/model-reader.js"));
const { parseStateSize } = await import(join(ROOT, "dist/models/covis/state/state-options.js"));
const { parseDuration } = await import(join(ROOT, "dist/data/duration.js"));

const DAY = 86_400_000;
const START = Date.parse("2024-01-01T00:00:00Z");
const NIGHTS = 14;
const k = Number(values.k);
const base = join(ROOT, "bench", ".data", "incremental");
const shop = join(base, `shop-${values.users}-${values.items}-${values.seed}`);
const work = join(base, "work");
mkdirSync(base, { recursive: true });
if (!existsSync(join(shop, "manifest.json")))
  await simulate({
    out: shop,
    config: { users: Number(values.users), items: Number(values.items), days: NIGHTS + 3, seed: Number(values.seed) },
  });
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const { table } = readDataset(shop);
console.log(`shop: ${table.length.toLocaleString("en-US")} events, ${table.dicts.item.size} items (${shop})`);

const options = { k, "half-life": parseDuration(values["half-life"], "--half-life") };
const variants = [
  { name: `state-k ${k} (k)`, size: String(k) },
  { name: `state-k ${5 * k} (5k)`, size: "5k" },
  { name: "state-k all", size: "all" },
];
let serial = 0;
async function trainTo(until, extra) {
  const out = join(work, `m${serial++}.model`);
  const report = await train({ kind: "covis", data: shop, out, until, threads: 1, options: { ...options, ...extra } });
  const { model } = loadModel(out);
  rmSync(out);
  return { model, seconds: report.seconds, run: report.run };
}

for (const v of variants) {
  v.dir = join(work, `state-${v.size}`);
  v.given = { state: v.dir, "state-k": parseStateSize(v.size, "--state-k") };
  await trainTo(START + 2 * DAY, v.given);
}

/** session-next cases of the sessions starting in [from, to): at most `max`, evenly spaced. */
function cases(from, to, max) {
  const bySession = new Map();
  for (let i = 0; i < table.length; i++) {
    const s = table.session[i];
    if (!bySession.has(s)) bySession.set(s, []);
    bySession.get(s).push(i);
  }
  const all = [];
  for (const rows of bySession.values()) {
    rows.sort((x, y) => table.ts[x] - table.ts[y] || x - y);
    if (!(table.ts[rows[0]] >= from && table.ts[rows[0]] < to)) continue;
    for (let p = 1; p < rows.length; p++) all.push(rows.slice(0, p + 1));
  }
  const step = Math.max(1, all.length / max);
  const picked = [];
  for (let x = 0; x < all.length && picked.length < max; x += step) picked.push(all[Math.floor(x)]);
  return picked.map((rows) => ({
    history: rows.slice(0, -1).map((i) => ({ item: table.item[i], kind: table.kind[i], ts: table.ts[i] })),
    target: table.item[rows[rows.length - 1]],
  }));
}

function score(model, day) {
  let hr = 0;
  let mrr = 0;
  for (const c of day) {
    const { items } = model.recommend(c.history, { k: 20 });
    const at = items.indexOf(c.target);
    if (at >= 0) {
      hr++;
      mrr += 1 / (at + 1);
    }
  }
  return { hr: hr / day.length, mrr: mrr / day.length };
}

function overlap(full, inc) {
  const a = full.matrices.covisit;
  const b = inc.matrices.covisit;
  let sum = 0;
  let rows = 0;
  for (let r = 0; r < a.rows; r++) {
    const n = a.indptr[r + 1] - a.indptr[r];
    if (n === 0) continue;
    const mine = new Set(b.indices.subarray(b.indptr[r], b.indptr[r + 1]));
    let hit = 0;
    for (let q = a.indptr[r]; q < a.indptr[r + 1]; q++) if (mine.has(a.indices[q])) hit++;
    sum += hit / n;
    rows++;
  }
  return sum / rows;
}

const results = [];
for (let night = 1; night <= NIGHTS; night++) {
  const cut = START + (night + 2) * DAY;
  const day = cases(cut, cut + DAY, Number(values.cases));
  const full = await trainTo(cut, {});
  const row = {
    night,
    until: new Date(cut).toISOString().slice(0, 10),
    cases: day.length,
    full: { ...score(full.model, day), seconds: full.seconds },
  };
  for (const v of variants) {
    const inc = await trainTo(cut, { ...v.given, incremental: true });
    row[v.size] = {
      ...score(inc.model, day),
      overlap: overlap(full.model, inc.model),
      seconds: inc.seconds,
      entries: inc.run.state.entries,
    };
  }
  results.push(row);
  const cells = variants.map(
    (v) => `${row[v.size].overlap.toFixed(4)} ${row[v.size].hr.toFixed(4)}/${row[v.size].mrr.toFixed(4)}`,
  );
  console.log(
    `night ${night} (${row.until}, ${day.length} cases): full ${row.full.hr.toFixed(4)}/${row.full.mrr.toFixed(4)} | ${cells.join(" | ")}`,
  );
}

const f4 = (x) => x.toFixed(4);
const lines = [
  `| night | until | cases | full HR@20 / MRR@20 | ${variants.map((v) => `${v.name}: overlap@${k}, HR@20 / MRR@20`).join(" | ")} |`,
  `|---|---|---|---|${variants.map(() => "---").join("|")}|`,
  ...results.map(
    (r) =>
      `| ${r.night} | ${r.until} | ${r.cases} | ${f4(r.full.hr)} / ${f4(r.full.mrr)} | ${variants
        .map((v) => `${f4(r[v.size].overlap)}, ${f4(r[v.size].hr)} / ${f4(r[v.size].mrr)}`)
        .join(" | ")} |`,
  ),
];
const mean = (f) => results.reduce((s, r) => s + f(r), 0) / results.length;
lines.push(
  "",
  `mean train seconds: full ${mean((r) => r.full.seconds).toFixed(2)}, ${variants.map((v) => `${v.name} ${mean((r) => r[v.size].seconds).toFixed(2)}`).join(", ")}`,
  `state entries at the end: ${variants.map((v) => `${v.name} ${results[results.length - 1][v.size].entries.toLocaleString("en-US")}`).join(", ")}`,
);
console.log("\n" + lines.join("\n"));
writeFileSync(join(base, "results.json"), JSON.stringify({ options: values, results }, null, 2));
rmSync(work, { recursive: true, force: true });
