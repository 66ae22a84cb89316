#!/usr/bin/env node
// Runs a fixed set of cartlift commands on the shipped samples and prints a sha256 per output file,
// so two builds can be compared byte for byte (`node scripts/output-digests.mjs > a.txt` on each, then diff).
// Figures that measure the machine (seconds, timings) are dropped from JSON before hashing; everything else counts.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

// the checkout to run: this one, or the one given (to hash an older build with the same commands)
const root = resolve(process.argv[2] ?? join(import.meta.dirname, ".."));
const cli = join(root, "bin/cartlift.js");
const dir = mkdtempSync(join(tmpdir(), "cartlift-digests-"));
const run = (...args) =>
  execFileSync(process.execPath, [cli, ...args], {
    cwd: dir,
    env: { ...process.env, CI: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 1 << 28,
  });
const runJson = (name, ...args) => {
  const out = run(...args, "--json");
  stdout[name] = out;
};
const stdout = {};
// inputs are copied in, so that the paths recorded in manifests are the same for every checkout
const input = (path) => {
  mkdirSync(join(dir, "inputs"), { recursive: true });
  copyFileSync(join(root, path), join(dir, "inputs", path.split("/").pop()));
  return `inputs/${path.split("/").pop()}`;
};
const rees = input("datasets/rees46-oct2019-sample/rees46-sample.csv");
const otto = input("datasets/otto-20-sessions/train_first20.jsonl");
const uci = input("datasets/uci-online-retail/retail_session.parquet.snappy");

runJson("ingest-rees", "ingest", rees, "--preset", "rees46", "--out", "rees", "--max-rejected", "0.1%");
runJson("ingest-otto", "ingest", otto, "--preset", "otto", "--out", "otto");
runJson("ingest-uci", "ingest", uci, "--preset", "uci-retail", "--out", "uci", "--max-rejected", "100%");
runJson("inspect-rees", "inspect", "rees");
const models = {
  popular: ["popular"],
  history: ["history", "--half-life", "7d"],
  covis: ["covis"],
  "covis-all": [
    "covis",
    "--matrices",
    "covisit,buy2buy,cart2buy",
    "--normalise",
    "cosine",
    "--scope",
    "user",
    "--k",
    "20",
  ],
  "covis-until": ["covis", "--until", "2019-10-01T01:30:00Z", "--weights", "view=1,cart_add=3"],
  item2vec: ["item2vec", "--epochs", "2", "--dim", "16"],
  blend: ["covis:0.7+history:0.3"],
};
for (const [name, args] of Object.entries(models)) {
  runJson(`train-${name}`, "train", ...args, "--data", "rees", "--out", `models/${name}.cartlift`, "--threads", "2");
  for (const q of ["16", "8"])
    runJson(
      `export-${name}-${q}`,
      "export",
      "--model",
      `models/${name}.cartlift`,
      "--out",
      `export/${name}.q${q}.cartlift`,
      "--quantize",
      q,
    );
}
runJson("recommend-item", "recommend", "--model", "models/covis.cartlift", "--item", "1004767", "--k", "10");
runJson(
  "evaluate",
  "evaluate",
  "--data",
  "rees",
  "--models",
  "popular",
  "history",
  "covis",
  "covis[normalise=cosine,k=20]",
  "item2vec[epochs=2,dim=16]",
  "covis:0.7+history:0.3",
  "--report",
  "eval",
  "--bootstrap",
  "200",
);
runJson(
  "evaluate-otto",
  "evaluate",
  "--data",
  "otto",
  "--protocol",
  "session-future",
  "--models",
  "popular",
  "covis",
  "--bootstrap",
  "100",
);
runJson("simulate", "simulate", "--out", "shop.csv", "--users", "4000", "--seed", "7", "--widget", "random");
runJson("ingest-shop", "ingest", "shop.csv", "--out", "shop");
runJson(
  "replay",
  "replay",
  "empty-cart",
  "--data",
  "shop",
  "--policy",
  "history",
  "covis",
  "--exposures",
  "shop.exposures.csv",
  "--report",
  "replay",
  "--bootstrap",
  "200",
);
// the demo pipeline, as a value: its file's formatting does not count
const demo = JSON.parse(readFileSync(join(root, "pipelines/demo.json"), "utf8"));
demo.ingest.inputs = [rees];
writeFileSync(join(dir, "demo.json"), JSON.stringify(demo));
runJson("run-demo", "run", "demo.json", "--out", "demo");
runJson("truth", "simulate", "truth", "--world", "shop.world.json", "--policy", "popular");

const scrub = (v) => {
  if (Array.isArray(v)) return v.map(scrub);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v)
        .filter(
          ([k]) =>
            !/seconds|Seconds|timings|elapsed|durationMs|^ms$|perSecond|PerSecond|^phases$|peakRss|RssMB/.test(k),
        )
        .map(([k, x]) => [k, scrub(x)]),
    );
  }
  return v;
};
const digest = (bytes, json) => {
  const text = json ? JSON.stringify(scrub(JSON.parse(bytes.toString("utf8").replaceAll(dir, "<dir>")))) : bytes;
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
};
const lines = [];
for (const [name, out] of Object.entries(stdout)) lines.push(`${digest(out, true)}  stdout:${name}`);
const walk = (d) => {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else lines.push(`${digest(readFileSync(p), p.endsWith(".json"))}  ${relative(dir, p)}`);
  }
};
walk(dir);
console.log(lines.sort((a, b) => a.slice(18).localeCompare(b.slice(18))).join("\n"));
rmSync(dir, { recursive: true, force: true });
