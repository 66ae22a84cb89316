#!/usr/bin/env node
// Co-visitation benchmark: cartlift's covis model next to the Python reference models of
// ../shared/reference (protocol P1 on the Diginetica sample), same train split, same evaluation cases,
// scored by the reference's own scorer. Prints quality (HR@20, MRR@20) and training time side by side.
//
//   npm run bench:covis -- [--set key=value ...] [--grid] [--check]   (cartlift covis options, e.g. --set k=100)
//   --check: exit 1 when cartlift's HR@20 is more than one case (1/386) below the reference covisit's (docs/covis.md)
//
// Needs Debian's python3 with numpy, scipy, pandas and gensim (see ../shared/reference/README.md).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { targets } from "./lib.mjs";
import { fitReferencePeer } from "./reference-peers.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REF = resolve(ROOT, "..", "shared", "reference", "session_protocol.py");
const OUT = join(ROOT, "bench", ".data", "covis");
const PY = "/usr/bin/python3";
const K = 20;

const { ingest } = await import(join(ROOT, "dist/pipeline/ingest.js"));
const { readDataset } = await import(join(ROOT, "dist/io/read-dataset.js"));
const { trainCovis } = await import(join(ROOT, "dist/models/covis/train-covis.js"));

const { values } = parseArgs({
  options: {
    set: { type: "string", multiple: true, default: [] },
    grid: { type: "boolean", default: false },
    check: { type: "boolean", default: false },
  },
});
const overrides = Object.fromEntries(
  values.set
    .map((kv) => kv.split("="))
    .map(([k, v]) => [k, isNaN(Number(v)) ? (v === "true" ? true : v === "false" ? false : v) : Number(v)]),
);

function python(args, env = {}) {
  return execFileSync(PY, [REF, ...args], {
    encoding: "utf8",
    env: { ...process.env, REF_OUT: join(OUT, "ref"), ...env },
    maxBuffer: 1 << 28,
  });
}

mkdirSync(OUT, { recursive: true });
const data = join(OUT, "ref", "diginetica");
if (!existsSync(join(data, "queries.jsonl"))) python(["prepare"]);

// --grid: choose cartlift's settings on the validation split (carved out of train), never on test
if (values.grid) {
  const val = join(data, "val");
  const cases = join(OUT, "val-cases");
  if (!existsSync(join(cases, "queries.jsonl")))
    python(["make-cases", "--train", join(val, "train.csv"), "--test", join(val, "test.csv"), "--out", cases]);
  await ingest({
    inputs: [join(val, "train.csv")],
    out: join(OUT, "val-ds"),
    map: { session: "session_id", item: "item_id", ts: "timestamp" },
  });
  const { table: vt } = readDataset(join(OUT, "val-ds"));
  const vq = readFileSync(join(cases, "queries.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const truth = new Map(
    readFileSync(join(cases, "truth.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .map((x) => [x.id, x.target]),
  );
  const results = [];
  for (const lastN of [3, 5, 10, 20])
    for (const positionDecay of [true, false])
      for (const normalisation of ["raw", "cosine", "bm25"])
        for (const maxGap of [10, 30]) {
          const m = trainCovis(vt, { positionDecay, normalisation, maxGap, scoring: { lastN } });
          let hr = 0;
          let mrr = 0;
          for (const q of vq) {
            const items = Array.from(
              m.recommend(
                q.history.map((h) => ({ item: vt.dicts.item.lookup(h.item), kind: 0, ts: h.ts })),
                { k: K },
              ).items,
              (c) => vt.dicts.item.get(c),
            );
            const rank = items.indexOf(truth.get(q.id));
            if (rank >= 0) {
              hr++;
              mrr += 1 / (rank + 1);
            }
          }
          results.push({ lastN, positionDecay, normalisation, maxGap, hr: hr / vq.length, mrr: mrr / vq.length });
        }
  results.sort((a, b) => b.hr - a.hr || b.mrr - a.mrr);
  console.log(`validation grid (${vq.length} validation cases), best first:`);
  for (const r of results.slice(0, 8))
    console.log(`  ${JSON.stringify({ ...r, hr: +r.hr.toFixed(4), mrr: +r.mrr.toFixed(4) })}`);
  const best = results[0];
  Object.assign(overrides, {
    positionDecay: best.positionDecay,
    normalisation: best.normalisation,
    maxGap: best.maxGap,
    lastN: best.lastN,
  });
  console.log(`test below uses the validation-selected settings`);
}

// cartlift: ingest the same train split, train, recommend every query
const started = performance.now();
await ingest({
  inputs: [join(data, "train.csv")],
  out: join(OUT, "train-ds"),
  map: { session: "session_id", item: "item_id", ts: "timestamp" },
});
const { table } = readDataset(join(OUT, "train-ds"));
const ingestS = (performance.now() - started) / 1000;
const t0 = performance.now();
const scoring = {
  ...(overrides.lastN ? { lastN: overrides.lastN } : {}),
  ...(overrides.history ? { history: overrides.history } : {}),
};
const model = trainCovis(table, { ...overrides, scoring });
const fitS = (performance.now() - t0) / 1000;
const queries = readFileSync(join(data, "queries.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l));
const t1 = performance.now();
const lines = queries.map((q) => {
  const history = q.history.map((h) => ({ item: table.dicts.item.lookup(h.item), kind: 0, ts: h.ts }));
  const r = model.recommend(history, { k: K });
  return JSON.stringify({ id: q.id, items: Array.from(r.items, (c) => table.dicts.item.get(c)) });
});
const predictS = (performance.now() - t1) / 1000;
writeFileSync(join(OUT, "recs_cartlift.jsonl"), lines.join("\n") + "\n");
const ours = JSON.parse(
  python(["score", "--recs", join(OUT, "recs_cartlift.jsonl"), "--truth", join(data, "truth.jsonl"), "--k", String(K)]),
);

// the reference models on the same cases (headline configurations of its README)
const rows = [["cartlift covis", ours["hr@20"], ours["mrr@20"], fitS, (predictS * 1e6) / queries.length]];
for (const name of ["sar", "covisit", "sknn"]) {
  const recs = join(OUT, `recs_ref_${name}.jsonl`);
  const fit = fitReferencePeer(python, name, data, recs, K);
  const s = JSON.parse(python(["score", "--recs", recs, "--truth", join(data, "truth.jsonl"), "--k", String(K)]));
  rows.push([`reference ${name}`, s["hr@20"], s["mrr@20"], fit.fit_s, (fit.predict_s * 1e6) / queries.length]);
}
console.log(
  `covis benchmark: Diginetica sample, protocol P1 (${queries.length} queries), k = ${K}; cartlift options ${JSON.stringify(overrides)}`,
);
console.log(`cartlift ingest of the train split: ${ingestS.toFixed(2)} s`);
console.log(
  "model".padEnd(22) + "HR@20".padStart(8) + "MRR@20".padStart(8) + "fit s".padStart(8) + "µs/query".padStart(10),
);
for (const [name, hr, mrr, fit, us] of rows)
  console.log(
    name.padEnd(22) +
      hr.toFixed(4).padStart(8) +
      mrr.toFixed(4).padStart(8) +
      fit.toFixed(3).padStart(8) +
      us.toFixed(0).padStart(10),
  );
const goals = targets();
const covisit = rows.find((r) => r[0] === "reference covisit");
goals.met(
  "cartlift HR@20 minus the reference covisit's",
  (ours["hr@20"] - covisit[1]).toFixed(4),
  ours["hr@20"] >= covisit[1] - 1 / queries.length - 1e-12,
  `>= -1 case (-${(1 / queries.length).toFixed(4)})`,
);
goals.finish(values.check);
