#!/usr/bin/env node
// item2vec next to the reference's gensim Word2Vec (../shared/reference/session_protocol.py), with the
// same hyper-parameters (the reference's headline: window 5, 64 dims, 10 negatives, 20 epochs, sample
// 1e-3, alpha 0.025, min count 1, "mean" scoring) on the same sequences:
//   1. quality: protocol P1 on the Diginetica sample, scored by the reference's scorer. 386 cases move
//      by about 0.013 HR@20 from one seed to the next (for both tools), so both train with --seeds
//      seeds (42, the reference's, then 1, 2, ...) and the means are compared;
//   2. speed: a simulated shop (`cartlift simulate`, --users users), trained once by each tool.
// Training throughput is sequence items x epochs per second of training (gensim's fit; cartlift's SGNS
// phase). cartlift's exact neighbour lists (TensorFlow.js) are timed apart: gensim computes none.
//
//   npm run bench:item2vec [-- --seeds 8 --users 100000 --check]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { targets, timed } from "./lib.mjs";

const { values: args } = parseArgs({
  options: {
    seeds: { type: "string", default: "8" },
    users: { type: "string", default: "100000" },
    check: { type: "boolean", default: false },
  },
});
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REF = resolve(ROOT, "..", "shared", "reference", "session_protocol.py");
const PY = "/usr/bin/python3";
const CLI = join(ROOT, "bin", "cartlift.js");
const OUT = join(ROOT, "bench", ".data", "item2vec");
const DATA = join(ROOT, "bench", ".data", "covis", "ref", "diginetica");
const EPOCHS = 20;
const HYPER = [
  "--dim",
  "64",
  "--context",
  "5",
  "--negatives",
  "10",
  "--epochs",
  String(EPOCHS),
  "--alpha",
  "0.025",
  "--sample",
  "0.001",
  "--min-count",
  "1",
  "--k",
  "20",
];
mkdirSync(OUT, { recursive: true });
if (!existsSync(join(DATA, "queries.jsonl")))
  execFileSync(PY, [REF, "prepare"], {
    env: { ...process.env, REF_OUT: join(ROOT, "bench", ".data", "covis", "ref") },
  });

/** cartlift: train, recommend the queries, return the train report and the recs file. */
function cartlift(dataset, queries, tag, seed) {
  const model = join(OUT, `${tag}.model`);
  const report = JSON.parse(
    timed("node", [
      CLI,
      "train",
      "item2vec",
      "--data",
      dataset,
      "--out",
      model,
      ...HYPER,
      "--seed",
      String(seed),
      "--json",
      "-q",
    ]).stdout,
  );
  const recs = join(OUT, `recs_${tag}.jsonl`);
  execFileSync("node", [CLI, "recommend", "--model", model, "--queries", queries, "--out", recs, "--k", "20", "-q"]);
  return { report, recs, fitS: report.phaseSeconds.fit_item2vec, neighboursS: report.phaseSeconds.item2vec_neighbours };
}

/** gensim through the reference's `fit`: its JSON line and the recs file. */
function gensim(train, queries, tag, seed, scoring) {
  const recs = join(OUT, `recs_${tag}.jsonl`);
  const r = timed(PY, [
    REF,
    "fit",
    "--train",
    train,
    "--model",
    "item2vec",
    "--set",
    "window=5",
    "--set",
    `scoring=${scoring}`,
    "--set",
    `seed=${seed}`,
    "--queries",
    queries,
    "--out",
    recs,
  ]);
  return { fit: JSON.parse(r.stdout.trim().split("\n").pop()), recs };
}

const score = (recs) =>
  JSON.parse(
    execFileSync(PY, [REF, "score", "--recs", recs, "--truth", join(DATA, "truth.jsonl"), "--k", "20"], {
      encoding: "utf8",
    }),
  );
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));
const int = (x) => Math.round(x).toLocaleString("en-US");

// 1. quality on Diginetica, over seeds
const ds = join(OUT, "train-ds");
if (!existsSync(join(ds, "manifest.json")))
  execFileSync("node", [
    CLI,
    "ingest",
    join(DATA, "train.csv"),
    "--map",
    "session=session_id,item=item_id,ts=timestamp",
    "--out",
    ds,
    "-q",
  ]);
const seeds = [42, ...Array.from({ length: Number(args.seeds) - 1 }, (_, i) => i + 1)];
const rows = { cartlift: [], gensim: [] };
let events = 0;
for (const seed of seeds) {
  const ours = cartlift(ds, join(DATA, "queries.jsonl"), `digi-${seed}`, seed);
  events = ours.report.trainEvents;
  rows.cartlift.push({
    ...score(ours.recs),
    fitS: ours.fitS,
    neighboursS: ours.neighboursS,
    backend: ours.report.run.tensorBackend,
  });
  const ref = gensim(join(DATA, "train.csv"), join(DATA, "queries.jsonl"), `digi-gensim-${seed}`, seed, "mean");
  rows.gensim.push({ ...score(ref.recs), fitS: ref.fit.fit_s });
}
console.log(
  `item2vec on the Diginetica train split (${int(events)} views), protocol P1 (${rows.cartlift[0].n} cases), k = 20, seeds ${seeds.join(", ")}`,
);
console.log(
  "tool".padEnd(38) +
    "HR@20 (sd)".padStart(17) +
    "MRR@20 (sd)".padStart(17) +
    "HR@20 seed 42".padStart(15) +
    "train s".padStart(9) +
    "items x epochs / s".padStart(20),
);
for (const [name, label] of [
  ["cartlift", "cartlift train item2vec"],
  ["gensim", "reference gensim Word2Vec (1 worker)"],
]) {
  const r = rows[name];
  const hr = r.map((x) => x["hr@20"]);
  const mrr = r.map((x) => x["mrr@20"]);
  const fit = mean(r.map((x) => x.fitS));
  console.log(
    label.padEnd(38) +
      `${mean(hr).toFixed(4)} (${sd(hr).toFixed(4)})`.padStart(17) +
      `${mean(mrr).toFixed(4)} (${sd(mrr).toFixed(4)})`.padStart(17) +
      hr[0].toFixed(4).padStart(15) +
      fit.toFixed(2).padStart(9) +
      int((events * EPOCHS) / fit).padStart(20),
  );
}
const gap = mean(rows.gensim.map((x) => x["hr@20"])) - mean(rows.cartlift.map((x) => x["hr@20"]));
console.log(
  `HR@20 gap (gensim - cartlift, means over seeds): ${gap.toFixed(4)} (target: within 0.01); cartlift's neighbour lists: ${mean(rows.cartlift.map((x) => x.neighboursS)).toFixed(2)} s on TensorFlow.js "${rows.cartlift[0].backend}"`,
);
const goals = targets();
goals.met("HR@20 gap to gensim (means over seeds)", gap.toFixed(4), Math.abs(gap) <= 0.01, "within 0.01");

// 2. speed on a simulated shop
const shop = join(OUT, `shop-${args.users}`);
if (!existsSync(join(shop, "train.csv"))) {
  mkdirSync(shop, { recursive: true });
  execFileSync("node", [
    CLI,
    "simulate",
    "--out",
    join(shop, "shop.csv"),
    "--users",
    args.users,
    "--items",
    String(Math.max(1000, Math.round(Number(args.users) / 5))),
    "--days",
    "14",
    "-q",
  ]);
  // the reference's clicks CSV: session_id,item_id,timestamp (ms), sessions in order of their first event
  execFileSync(PY, [
    "-c",
    [
      "import pandas as pd, sys",
      "d = pd.read_csv(sys.argv[1], usecols=['ts', 'session', 'item'], dtype=str)",
      "d['timestamp'] = pd.to_datetime(d.ts).astype('int64') // 10**6",
      "d['start'] = d.groupby('session').timestamp.transform('min')",
      "d = d.sort_values(['start', 'session', 'timestamp'], kind='stable')",
      "d.rename(columns={'session': 'session_id', 'item': 'item_id'})[['session_id', 'item_id', 'timestamp']].to_csv(sys.argv[2], index=False)",
    ].join("\n"),
    join(shop, "shop.csv"),
    join(shop, "train.csv"),
  ]);
  execFileSync("node", [
    CLI,
    "ingest",
    join(shop, "train.csv"),
    "--map",
    "session=session_id,item=item_id,ts=timestamp",
    "--out",
    join(shop, "ds"),
    "-q",
  ]);
}
const oneQuery = join(OUT, "one-query.jsonl");
writeFileSync(oneQuery, `{"id":"q","history":[]}\n`);
const big = cartlift(join(shop, "ds"), oneQuery, "shop", 42);
const bigRef = gensim(join(shop, "train.csv"), oneQuery, "shop-gensim", 42, "last");
const bigEvents = big.report.trainEvents;
console.log(
  `\ntraining speed on a simulated shop: ${int(bigEvents)} events, ${int(big.report.items)} items, ${EPOCHS} epochs`,
);
console.log("tool".padEnd(38) + "train s".padStart(9) + "items x epochs / s".padStart(20) + "ratio".padStart(8));
const refRate = (bigEvents * EPOCHS) / bigRef.fit.fit_s;
console.log(
  "cartlift train item2vec (SGNS)".padEnd(38) +
    big.fitS.toFixed(2).padStart(9) +
    int((bigEvents * EPOCHS) / big.fitS).padStart(20) +
    ((bigEvents * EPOCHS) / big.fitS / refRate).toFixed(2).padStart(8),
);
console.log(
  "reference gensim Word2Vec (1 worker)".padEnd(38) +
    bigRef.fit.fit_s.toFixed(2).padStart(9) +
    int(refRate).padStart(20) +
    "1.00".padStart(8),
);
console.log(
  `cartlift's exact neighbour lists (k = 20, all ${int(big.report.items)} items): ${big.neighboursS.toFixed(2)} s on TensorFlow.js "${big.report.run.tensorBackend}", ${int(big.report.run.rescannedRows)} rows rescanned; target: throughput >= 0.5x gensim's`,
);
const throughput = (bigEvents * EPOCHS) / big.fitS / refRate;
goals.met("SGNS training throughput / gensim's", throughput.toFixed(2), throughput >= 0.5, ">= 0.5");
goals.finish(args.check);
