#!/usr/bin/env node
// item2vec next to the reference's gensim Word2Vec (../shared/reference/session_protocol.py, protocol P1 on
// the Diginetica sample): the same train split, the same hyper-parameters (the reference's headline:
// window 5, 64 dims, 10 negatives, 20 epochs, sample 1e-3, alpha 0.025, min count 1, "mean" scoring),
// the same evaluation cases scored by the reference's scorer. Prints HR@20/MRR@20 and training speed.
//
//   npm run bench:item2vec
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { timed } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REF = resolve(ROOT, "..", "shared", "reference", "session_protocol.py");
const PY = "/usr/bin/python3";
const CLI = join(ROOT, "bin", "cartlift.js");
const OUT = join(ROOT, "bench", ".data", "item2vec");
const DATA = join(ROOT, "bench", ".data", "covis", "ref", "diginetica");
mkdirSync(OUT, { recursive: true });
if (!existsSync(join(DATA, "queries.jsonl"))) execFileSync(PY, [REF, "prepare"], { env: { ...process.env, REF_OUT: join(ROOT, "bench", ".data", "covis", "ref") } });

const ds = join(OUT, "train-ds");
if (!existsSync(join(ds, "manifest.json"))) execFileSync("node", [CLI, "ingest", join(DATA, "train.csv"), "--map", "session=session_id,item=item_id,ts=timestamp", "--out", ds, "-q"]);
const model = join(OUT, "item2vec.model");
const ours = timed("node", [CLI, "train", "item2vec", "--data", ds, "--out", model, "--dim", "64", "--context", "5", "--negatives", "10", "--epochs", "20", "--alpha", "0.025", "--sample", "0.001", "--min-count", "1", "--k", "20", "--json", "-q"]);
const report = JSON.parse(ours.stdout);
execFileSync("node", [CLI, "recommend", "--model", model, "--queries", join(DATA, "queries.jsonl"), "--out", join(OUT, "recs_cartlift.jsonl"), "--k", "20", "-q"]);
const score = (recs) => JSON.parse(execFileSync(PY, [REF, "score", "--recs", recs, "--truth", join(DATA, "truth.jsonl"), "--k", "20"], { encoding: "utf8" }));
const oursScore = score(join(OUT, "recs_cartlift.jsonl"));

const ref = timed(PY, [REF, "fit", "--train", join(DATA, "train.csv"), "--model", "item2vec", "--set", "window=5", "--set", "scoring=mean", "--queries", join(DATA, "queries.jsonl"), "--out", join(OUT, "recs_ref.jsonl")]);
const refFit = JSON.parse(ref.stdout.trim().split("\n").pop());
const refScore = score(join(OUT, "recs_ref.jsonl"));

const events = report.trainEvents;
console.log(`item2vec on the Diginetica train split (${events.toLocaleString("en-US")} views), protocol P1 (${oursScore.n} cases), k = 20`);
console.log("tool".padEnd(34) + "HR@20".padStart(8) + "MRR@20".padStart(8) + "fit s".padStart(8) + "events x epochs / s".padStart(22));
console.log("cartlift train item2vec".padEnd(34) + oursScore["hr@20"].toFixed(4).padStart(8) + oursScore["mrr@20"].toFixed(4).padStart(8) + report.phaseSeconds.fit_item2vec.toFixed(2).padStart(8) + Math.round((events * 20) / report.phaseSeconds.fit_item2vec).toLocaleString("en-US").padStart(22));
console.log("reference gensim Word2Vec (1 worker)".padEnd(34) + refScore["hr@20"].toFixed(4).padStart(8) + refScore["mrr@20"].toFixed(4).padStart(8) + refFit.fit_s.toFixed(2).padStart(8) + Math.round((events * 20) / refFit.fit_s).toLocaleString("en-US").padStart(22));
console.log("cartlift's fit time includes the exact all-pairs cosine neighbour lists; targets: throughput >= 0.5x gensim's, HR@20 within 0.01");
