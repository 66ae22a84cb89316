#!/usr/bin/env node
// Evaluation benchmark, side by side with ../shared/reference/session_protocol.py:
//  1. the scorer: cartlift's --recs/--truth scoring next to the reference's `score` on the reference's
//     own Diginetica cases and recommendation lists (from `npm run bench:covis`): equal to 1e-9?
//  2. scale: 100,000 session-next cases of the 5M-event synthetic REES46 dataset (from
//     `npm run bench:covis-speed`): `cartlift evaluate` with a covis model (train, recommend, score,
//     bootstrap), and the reference's covisit `fit` + `score` on the very same cases and training clicks.
//
//   npm run bench:evaluate -- [--cases 100000] [--skip-reference] [--check]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { targets, timed, writeLines } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REF = resolve(ROOT, "..", "shared", "reference", "session_protocol.py");
const PY = "/usr/bin/python3";
const CLI = join(ROOT, "bin", "cartlift.js");
const OUT = join(ROOT, "bench", ".data", "evaluate");
const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "100000" },
    "skip-reference": { type: "boolean", default: false },
    check: { type: "boolean", default: false },
  },
});
const goals = targets();
const MAX_CASES = Number(values.cases);
mkdirSync(OUT, { recursive: true });

const pad = (s, n) => String(s).padEnd(n);
const num = (x, d = 4) => (typeof x === "number" ? x.toFixed(d) : String(x));

// 1. the scorer on the reference's cases
const covisOut = join(ROOT, "bench", ".data", "covis");
const truth = join(covisOut, "ref", "diginetica", "truth.jsonl");
if (!existsSync(truth))
  console.log("(scorer comparison skipped: run `npm run bench:covis` first for the reference's Diginetica cases)");
else {
  console.log("1. scorer: the reference's Diginetica cases (386), k = 20");
  console.log(
    pad("recs file", 28) +
      pad("ref HR@20", 12) +
      pad("ours HR@20", 12) +
      pad("ref MRR@20", 12) +
      pad("ours MRR@20", 12) +
      "max |diff|",
  );
  for (const f of readdirSync(covisOut).filter((f) => /^recs_.*\.jsonl$/.test(f))) {
    const recs = join(covisOut, f);
    const ref = JSON.parse(
      execFileSync(PY, [REF, "score", "--recs", recs, "--truth", truth, "--k", "20"], { encoding: "utf8" }),
    );
    const ours = JSON.parse(
      execFileSync("node", [CLI, "evaluate", "--recs", recs, "--truth", truth, "--k", "20", "--json"], {
        encoding: "utf8",
      }),
    );
    const diff = Math.max(Math.abs(ref["hr@20"] - ours["HR@20"]), Math.abs(ref["mrr@20"] - ours["MRR@20"]));
    console.log(
      pad(f, 28) +
        pad(num(ref["hr@20"]), 12) +
        pad(num(ours["HR@20"]), 12) +
        pad(num(ref["mrr@20"]), 12) +
        pad(num(ours["MRR@20"]), 12) +
        diff.toExponential(1) +
        (diff <= 1e-9 ? "  equal" : "  DIFFERENT"),
    );
    goals.met(`scorer ${f} max |diff| to the reference`, diff.toExponential(1), diff <= 1e-9, "<= 1e-9");
  }
}

// 2. scale: the same 100k cases for cartlift and the reference
const source = join(ROOT, "bench", ".data", "covis-speed", "source-ds");
if (!existsSync(join(source, "manifest.json"))) {
  console.log("(scale run skipped: run `npm run bench:covis-speed` first for the 5M-event dataset)");
  goals.finish(values.check);
  process.exit();
}
const ours = timed("node", [
  CLI,
  "evaluate",
  "--data",
  source,
  "--models",
  "covis[k=20]",
  "--protocol",
  "session-next",
  "--k",
  "20",
  "--max-cases",
  String(MAX_CASES),
  "--threads",
  "2",
  "--json",
  "-q",
]);
const report = JSON.parse(ours.stdout);
const m = report.models[0];
console.log(
  `\n2. scale: ${report.cases.toLocaleString("en-US")} session-next cases (${report.groups.toLocaleString("en-US")} sessions) of ${source}, k = 20, cut ${report.cut}`,
);

// the same cases and training clicks in the reference's formats
const { readDataset } = await import(join(ROOT, "dist/io/read-dataset.js"));
const { table } = readDataset(source);
const cut = Date.parse(report.cut);
const ids = (c) => table.dicts.item.get(c);
const trainCsv = join(OUT, "train.csv");
const queries = join(OUT, "queries.jsonl");
const truthBig = join(OUT, "truth.jsonl");
if (!existsSync(truthBig)) {
  await writeLines(
    trainCsv,
    (function* () {
      yield "session_id,item_id,timestamp";
      for (let i = 0; i < table.length; i++)
        if (table.ts[i] < cut)
          yield `${table.dicts.session.get(table.session[i])},${ids(table.item[i])},${table.ts[i]}`;
    })(),
  );
  // evaluate samples whole sessions with its seed: rebuild the same sample through the pipeline's own code path
  const { evaluateCases } = await import(join(ROOT, "dist/pipeline/evaluate.js"));
  const set = evaluateCases(table, cut, { protocol: "session-next", maxCases: MAX_CASES, seed: report.seed });
  if (set.cases.length !== report.cases) throw new Error("case sample differs from the evaluate run");
  await writeLines(
    queries,
    set.cases.map((c) =>
      JSON.stringify({ id: c.id, history: c.history.map((h) => ({ item: ids(h.item), ts: h.ts })) }),
    ),
  );
  await writeLines(
    truthBig,
    set.cases.map((c) => JSON.stringify({ id: c.id, target: ids(c.targets[0]) })),
  );
}

const rows = [
  [
    "cartlift evaluate (covis, k 20)",
    m.values["HR@20"],
    m.values["MRR@20"],
    m.trainSeconds,
    m.recommendSeconds,
    report.seconds,
    ours.wall,
    ours.rssMB,
  ],
];
if (!values["skip-reference"]) {
  const recs = join(OUT, "ref-recs.jsonl");
  const fit = timed(PY, [
    REF,
    "fit",
    "--train",
    trainCsv,
    "--model",
    "covisit",
    "--set",
    "pair_weight=position",
    "--set",
    "topk=20",
    "--set",
    "last_n=3",
    "--set",
    "history_first=true",
    "--queries",
    queries,
    "--out",
    recs,
  ]);
  const f = JSON.parse(fit.stdout.trim().split("\n").pop());
  const t0 = performance.now();
  const scored = JSON.parse(
    execFileSync(PY, [REF, "score", "--recs", recs, "--truth", truthBig, "--k", "20"], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    }),
  );
  const scoreS = (performance.now() - t0) / 1000;
  rows.push([
    "reference covisit fit + score",
    scored["hr@20"],
    scored["mrr@20"],
    f.fit_s,
    f.predict_s,
    f.load_s + f.fit_s + f.read_queries_s + f.predict_s + f.write_s + scoreS,
    fit.wall + scoreS,
    Math.max(fit.rssMB, 0),
  ]);
  const oursScore = timed("node", [CLI, "evaluate", "--recs", recs, "--truth", truthBig, "--k", "20", "--json"]);
  const o = JSON.parse(oursScore.stdout);
  console.log(
    `scoring the reference's ${scored.n.toLocaleString("en-US")} lists: reference score ${scoreS.toFixed(2)} s wall, cartlift --recs ${oursScore.wall.toFixed(2)} s wall; HR@20 ${num(scored["hr@20"], 6)} vs ${num(o["HR@20"], 6)}, MRR@20 ${num(scored["mrr@20"], 6)} vs ${num(o["MRR@20"], 6)}`,
  );
}
console.log(
  pad("tool", 34) +
    pad("HR@20", 9) +
    pad("MRR@20", 9) +
    pad("train s", 9) +
    pad("recommend s", 13) +
    pad("total s", 9) +
    pad("wall s", 9) +
    "peak RSS MB",
);
for (const r of rows)
  console.log(
    pad(r[0], 34) +
      pad(num(r[1]), 9) +
      pad(num(r[2]), 9) +
      pad(num(r[3], 2), 9) +
      pad(num(r[4], 2), 13) +
      pad(num(r[5], 2), 9) +
      pad(num(r[6], 2), 9) +
      Math.round(r[7]).toLocaleString("en-US"),
  );
console.log(
  `cartlift: ${Math.round(report.cases / m.recommendSeconds).toLocaleString("en-US")} cases/s recommended and scored; total includes loading, training, ${report.bootstrap.resamples} bootstrap resamples and breakdowns (target: 100,000 cases scored in under 10 s)`,
);
goals.met(
  "cases recommended and scored, s per 100,000",
  ((1e5 * m.recommendSeconds) / report.cases).toFixed(2),
  (1e5 * m.recommendSeconds) / report.cases < 10,
  "< 10",
);
goals.finish(values.check);
