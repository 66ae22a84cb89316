#!/usr/bin/env node
// Fault injection (npm run test:faults): kills (SIGKILL, SIGINT, SIGTERM) at random points of ingest, train, export,
// run, recommend --out and segment --out with a previous output present, and a full disk. After each kill the previous
// output must load and be byte-identical, or the new one must be complete (the same bytes as an uninterrupted run);
// SIGINT and SIGTERM must exit 130 and 143 (or 0 when the command had finished). A full disk must exit 2 with a
// message and leave no partial output. A SIGKILL's leftover temporary file must be gone after the next write to the
// same path. Prints the counts; exits 1 on any violation. FAULT_TRIALS (default 2) sets the kills per command and
// signal.
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin", "cartlift.js");
const TRIALS = Number(process.env.FAULT_TRIALS ?? 2);
const { readDataset } = await import(join(ROOT, "dist/io/read-dataset.js"));
const { loadModel } = await import(join(ROOT, "dist/models/model-reader.js"));
const work = mkdtempSync(join(tmpdir(), "cartlift-faults-"));
let seed = Number(process.env.FAULT_SEED ?? 7);
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

const cartlift = (...args) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`cartlift ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return performance.now() - t0;
};

/** Every file under `path` (a file or a folder) -> sha256, temporary files and locks left out. */
function digest(path) {
  const out = {};
  const walk = (p) => {
    if (statSync(p).isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else if (!/\.tmp-\d+|\.cartlift\.lock$/.test(p)) {
      // run.json's wall times differ between two runs of the same inputs (docs/ci.md): compared without them
      let bytes = readFileSync(p);
      if (p.endsWith("run.json")) bytes = Buffer.from(JSON.stringify({ ...JSON.parse(bytes), timings: null }));
      out[relative(path, p) || "."] = createHash("sha256").update(bytes).digest("hex");
    }
  };
  if (existsSync(path)) walk(path);
  return JSON.stringify(out);
}
const leftovers = (dir) =>
  existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((e) => /\.tmp-\d+/.test(String(e))).length : 0;

// inputs: a simulated shop (the new data) and a small first delivery (the previous output)
const shop = join(work, "shop.csv");
cartlift("simulate", "--users", "20000", "--out", shop);
const small = join(work, "small.csv");
writeFileSync(small, readFileSync(shop, "utf8").split("\n").slice(0, 3001).join("\n") + "\n");
const pipeline = (csv) =>
  JSON.stringify({
    name: "faults",
    ingest: { inputs: [csv] },
    models: [{ name: "covis", spec: "covis" }],
    evaluate: { k: [10], primary: "HR@10", bootstrap: 50 },
    export: { model: "covis" },
  });
writeFileSync(join(work, "small.json"), pipeline(small));
writeFileSync(join(work, "shop.json"), pipeline(shop));
cartlift("ingest", small, "--out", "prev-ds");
cartlift("ingest", shop, "--out", "shop-ds");
cartlift("train", "covis", "--data", "prev-ds", "--out", "prev.model");
cartlift("train", "covis", "--data", "shop-ds", "--out", "shop.model");
cartlift("export", "--model", "prev.model", "--out", "prev.cartlift");
cartlift("run", "small.json", "--out", "prev-run");
// batch queries: 20,000 lines of five items of the shop
const ids = loadModel(join(work, "shop.model")).items.ids();
const queries = join(work, "q.jsonl");
writeFileSync(
  queries,
  Array.from(
    { length: 20_000 },
    (_, q) =>
      JSON.stringify({
        id: `q${q}`,
        history: [1, 2, 3, 4, 5].map((j) => ({ item: ids[(q * 7919 + j * 104729) % ids.length] })),
      }) + "\n",
  ).join(""),
);
// the previous lists: the first 1,000 queries (small enough to sit on the full disk's 1 MiB beside the new ones)
const fewQueries = join(work, "q-few.jsonl");
writeFileSync(fewQueries, readFileSync(queries, "utf8").split("\n").slice(0, 1000).join("\n") + "\n");
cartlift("recommend", "--model", "prev.model", "--queries", fewQueries, "--out", "prev-recs.jsonl");
cartlift("segment", "--data", "prev-ds", "--out", "prev-segments.csv");
const jsonLinesLoad = (o) =>
  readFileSync(o, "utf8")
    .trimEnd()
    .split("\n")
    .forEach((l) => JSON.parse(l));

/** Each command: the previous output, how to make it, how to check it loads. */
const COMMANDS = [
  { name: "ingest", prev: "prev-ds", args: (o) => ["ingest", shop, "--out", o], loads: (o) => readDataset(o) },
  {
    name: "train",
    prev: "prev.model",
    args: (o) => ["train", "covis", "--data", "shop-ds", "--out", o],
    loads: (o) => loadModel(o),
  },
  {
    name: "export",
    prev: "prev.cartlift",
    args: (o) => ["export", "--model", "shop.model", "--out", o],
    loads: (o) => loadModel(o),
  },
  {
    name: "run",
    prev: "prev-run",
    args: (o) => ["run", "shop.json", "--out", o],
    loads: (o) => (loadModel(join(o, "publish/model.cartlift")), readDataset(join(o, "dataset"))),
  },
  {
    name: "recommend",
    prev: "prev-recs.jsonl",
    args: (o) => ["recommend", "--model", "shop.model", "--queries", queries, "--out", o, "--threads", "2"],
    loads: jsonLinesLoad,
  },
  {
    name: "segment",
    prev: "prev-segments.csv",
    file: "out.csv",
    args: (o) => ["segment", "--data", "shop-ds", "--every", "3d", "--out", o],
    loads: (o) => {
      if (!readFileSync(o, "utf8").startsWith("user,at,lifecycle,")) throw new Error("not a segments file");
    },
  },
];

const counts = {
  kills: 0,
  previousKept: 0,
  newComplete: 0,
  finishedFirst: 0,
  violations: 0,
  strayTemps: 0,
  strayTempsAfterNextWrite: 0,
};
const byKind = {};
const fail = (what) => {
  counts.violations++;
  console.error(`VIOLATION: ${what}`);
};

for (const c of COMMANDS) {
  // the new output of an uninterrupted run, and how long it takes
  mkdirSync(join(work, `ref-${c.name}`));
  const ref = join(work, `ref-${c.name}`, c.file ?? "out");
  cpPrev(c.prev, ref);
  const ms = cartlift(...c.args(ref));
  const newDigest = digest(ref);
  for (const signal of ["SIGKILL", "SIGINT", "SIGTERM"])
    for (let t = 0; t < TRIALS; t++) {
      const trial = join(work, `t-${c.name}-${signal}-${t}`);
      mkdirSync(trial);
      const out = join(trial, c.file ?? "out");
      cpPrev(c.prev, out);
      const before = digest(out);
      const delay = Math.round(random() * ms);
      const { code, sig } = await killAt(c.args(out), signal, delay);
      counts.kills++;
      const after = digest(out);
      const tag = `${c.name} ${signal} at ${delay} ms of ${Math.round(ms)}`;
      let outcome;
      if (after === before) outcome = "previous output kept";
      else if (after === newDigest) outcome = "new output complete";
      else {
        fail(`${tag}: the output is neither the previous nor the new one`);
        outcome = "mixed";
      }
      try {
        c.loads(out);
      } catch (e) {
        fail(`${tag}: the output does not load (${e.message})`);
      }
      if (code === 0) counts.finishedFirst++;
      else if (outcome === "previous output kept") counts.previousKept++;
      else if (outcome === "new output complete") counts.newComplete++;
      const expected = { SIGKILL: null, SIGINT: 130, SIGTERM: 143 }[signal];
      // before Node has loaded the program and installed the handlers (a few hundred ms on a busy machine) the
      // signal's default action ends it, writing nothing: a shell still reports 128 + the signal, 130 or 143
      const startup = sig === signal && outcome === "previous output kept";
      if (code !== 0 && code !== expected && !startup)
        fail(`${tag}: exit ${code} (signal ${sig}), expected ${expected}`);
      const stray = leftovers(trial);
      if (stray && signal !== "SIGKILL") fail(`${tag}: ${stray} temporary files left`);
      counts.strayTemps += stray;
      // a SIGKILL's leftovers: the next write to the same path removes them (the writer's pid no longer runs)
      if (stray && c.name !== "ingest" && c.name !== "run") {
        cartlift(...c.args(out), "-q");
        const still = leftovers(trial);
        counts.strayTempsAfterNextWrite += still;
        if (still) fail(`${tag}: ${still} temporary files still there after the next write`);
      }
      (byKind[`${c.name} ${signal}`] ??= []).push(code === 0 ? "finished" : outcome);
    }
}

// a full disk: a small tmpfs where mount works (root on Linux); otherwise an unwritable folder stands in
const disk = { tried: 0, clean: 0, how: "" };
const mnt = join(work, "small-disk");
mkdirSync(mnt);
let mounted = false;
try {
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt], { stdio: "pipe" });
  mounted = true;
  disk.how = "a 1 MiB tmpfs";
} catch {
  disk.how = "no tmpfs (mount refused): skipped";
}
if (mounted) {
  try {
    for (const [label, prev, args] of [
      ["ingest", "prev-ds", (o) => ["ingest", shop, "--out", o]],
      ["train", "prev.model", (o) => ["train", "covis", "--data", "shop-ds", "--out", o]],
      ["run", null, (o) => ["run", "shop.json", "--out", o]],
      ["recommend", "prev-recs.jsonl", (o) => ["recommend", "--model", "shop.model", "--queries", queries, "--out", o]],
      ["segment.csv", "prev-segments.csv", (o) => ["segment", "--data", "shop-ds", "--every", "3d", "--out", o]],
    ]) {
      const out = join(mnt, label);
      rmSync(out, { recursive: true, force: true });
      if (prev) cpPrev(prev, out);
      const before = digest(out);
      const r = spawnSync(process.execPath, [BIN, ...args(out)], { cwd: work, encoding: "utf8" });
      disk.tried++;
      const ok = r.status === 2 && /space|disk/i.test(r.stderr) && digest(out) === before && leftovers(mnt) === 0;
      if (ok) disk.clean++;
      else
        fail(
          `full disk, ${label}: exit ${r.status}, ${r.stderr.trim().split("\n")[0]}; ${leftovers(mnt)} temporary files`,
        );
      rmSync(out, { recursive: true, force: true });
    }
  } finally {
    execFileSync("umount", [mnt]);
  }
}

console.log(JSON.stringify({ trialsPerCommandAndSignal: TRIALS, ...counts, byKind, fullDisk: disk }, null, 2));
rmSync(work, { recursive: true, force: true });
process.exit(counts.violations > 0 ? 1 : 0);

function cpPrev(prev, to) {
  rmSync(to, { recursive: true, force: true });
  cpSync(join(work, prev), to, { recursive: true });
}

function killAt(args, signal, delay) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: work, stdio: "ignore" });
    const timer = setTimeout(() => child.kill(signal), delay);
    child.on("close", (code, sig) => {
      clearTimeout(timer);
      resolve({ code, sig });
    });
  });
}
