#!/usr/bin/env node
// Validity of `cartlift replay empty-cart` on a family of simulated worlds whose truth is known: the click model
// (taste, reminder of the expired items, novelty, a mix), the engagement (about 0.5% to 10%) and the logging
// policy's overlap with the replayed policies vary from world to world (src/simulate/world-family.ts). Per world,
// every policy's replayed slates are scored by the world's truth, and compared with what replay would report:
// - ranking agreement for every pair whose true values differ by >= 10% (right / wrong / no call), for the
//   no-widget hit-rate comparison and for the off-policy estimators;
// - coverage, bias and mean absolute error of every off-policy estimator's 95% interval, by support band;
// - the money figures' calibration (the response model at the world's true engagement).
// `--classic` adds the earlier single-setting check (random logging, an in-support new policy, 100 seeds).
// Then the speed of a replay: 1 million users' timelines with two policies (target: under 60 s).
//
//   npm run bench:replay-validity -- [--worlds 100] [--policies history,covis,...] [--classic] [--skip-speed]
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { targets, timed } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "bench", ".data", "replay");
const CLI = join(ROOT, "bin", "cartlift.js");
const { values } = parseArgs({
  options: {
    worlds: { type: "string", default: "100" },
    policies: { type: "string", default: "history,covis,popular,covis:0.5+history:0.5" },
    classic: { type: "boolean", default: false },
    seeds: { type: "string", default: "100" },
    "skip-speed": { type: "boolean", default: false },
    check: { type: "boolean", default: false },
    "reward-model": { type: "string", default: "contextual" },
    // the money figures' range is calibrated on other seeds than those it is checked on: --first-seed 1001
    "first-seed": { type: "string", default: "1" },
  },
});
rmSync(join(OUT, "family"), { recursive: true, force: true });
mkdirSync(join(OUT, "family"), { recursive: true });

const { validityWorld } = await import(join(ROOT, "dist/pipeline/validity-world.js"));
const { summarizeValidity, SUPPORT_BANDS } = await import(join(ROOT, "dist/replay/validity-summary.js"));
const { WORLD_TYPES } = await import(join(ROOT, "dist/simulate/world-family.js"));
const policies = values.policies.split(",");
const worlds = [];
const started = performance.now();
for (let x = 0; x < Number(values.worlds); x++) {
  const type = WORLD_TYPES[x % WORLD_TYPES.length];
  const seed = Math.floor(x / WORLD_TYPES.length) + Number(values["first-seed"]);
  const dir = join(OUT, "family", `${type}-${seed}`);
  worlds.push(await validityWorld({ type, seed, dir, policies, rewardModel: values["reward-model"] }));
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-source`, { recursive: true, force: true });
  process.stderr.write(`\r${x + 1} worlds`);
}
process.stderr.write("\n");
const s = summarizeValidity(worlds);
writeFileSync(join(OUT, "family.json"), JSON.stringify({ summary: s, worlds }, null, 1));
const pct = (x) => `${(x * 100).toFixed(0)}%`;
console.log(
  `${s.worlds} worlds (${WORLD_TYPES.join(", ")}; 10,000 users each), policies ${policies.join(", ")}; engagement ${pct(s.engagement.min)}-${pct(s.engagement.max)} clicks per view; ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
console.log("\nRanking agreement, pairs whose true values differ by >= 10%: right / wrong / no call (share wrong)");
const comparisons = Object.keys(s.agreement.all ?? {});
console.log("world type".padEnd(12) + comparisons.map((c) => c.padStart(22)).join(""));
for (const [type, row] of Object.entries(s.agreement))
  console.log(
    type.padEnd(12) +
      comparisons
        .map((c) => {
          const a = row[c];
          return (a ? `${a.right}/${a.wrong}/${a.none} (${pct(a.wrong / a.pairs)})` : "-").padStart(22);
        })
        .join(""),
  );
console.log("\nCoverage of 95% intervals by estimated support (n; coverage; bias; mean |error|; mean width)");
console.log("estimator".padEnd(10) + SUPPORT_BANDS.map((b) => b.label.padStart(34)).join(""));
for (const [e, bands] of Object.entries(s.coverage))
  console.log(
    e.padEnd(10) +
      SUPPORT_BANDS.map((b) => {
        const c = bands[b.label];
        return (
          c
            ? `${c.n}; ${pct(c.coverage)}; ${c.bias.toFixed(4)}; ${c.meanAbsoluteError.toFixed(4)}; ${c.meanWidth.toFixed(4)}`
            : "-"
        ).padStart(34);
      }).join(""),
  );
console.log(
  `\nMoney figures at the world's true engagement: ${pct(s.money.withinFactor1_5)} of ${s.money.cases} (world, policy) cases within a factor 1.5 of the true orders; median predicted / true ${s.money.medianRatio.toFixed(2)}; true / predicted quantiles 2.5%, 50%, 97.5%: ${s.money.trueOverPredicted.map((x) => x.toFixed(2)).join(", ")}; the stated range held the true orders in ${pct(s.money.covered)}`,
);

console.log(
  `DR's model-uncertainty term: kappa each case needed, 90th percentile by band: ${SUPPORT_BANDS.map((b) => `${b.label} ${s.kappa90[b.label]?.toFixed(2) ?? "-"}`).join("; ")}`,
);
const goals = targets();
for (const [band, c] of Object.entries(s.coverage.bounds))
  goals.met(`bounds coverage, support ${band}`, pct(c.coverage), c.coverage >= 0.9, ">= 90%");
goals.met("money range coverage", pct(s.money.covered), s.money.covered >= 0.9, ">= 90%");

if (values.classic) {
  rmSync(join(OUT, "validity"), { recursive: true, force: true });
  mkdirSync(join(OUT, "validity"), { recursive: true });
  const { estimatorValidity } = await import(join(ROOT, "dist/pipeline/replay-validity.js"));
  const seeds = Array.from({ length: Number(values.seeds) }, (_, s) => s + 1);
  const t0 = performance.now();
  const r = await estimatorValidity({ seeds, dir: join(OUT, "validity") });
  console.log(
    `\nclassic: ${r.seeds} simulated shops (20,000 users each, random logging of 6 of up to 30 candidates), ${r.views.toLocaleString("en-US")} logged views; new policy: the 6 most popular candidates; true clicks per view ${r.truthPerView.toFixed(4)}; ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  for (const [name, e] of Object.entries(r.estimators))
    console.log(
      name.padEnd(12) +
        `${(e.coverage * 100).toFixed(0)}%`.padStart(28) +
        e.bias.toFixed(4).padStart(12) +
        e.meanAbsoluteError.toFixed(4).padStart(15),
    );
}

if (!values["skip-speed"]) {
  const ds = join(OUT, "million");
  rmSync(ds, { recursive: true, force: true });
  rmSync(`${ds}-source`, { recursive: true, force: true });
  execFileSync("node", [CLI, "simulate", "--out", ds, "--users", "1000000", "--items", "100000", "--days", "28", "-q"]);
  const run = timed("node", [
    CLI,
    "replay",
    "empty-cart",
    "--data",
    ds,
    "--policy",
    "history",
    "covis",
    "--json",
    "-q",
  ]);
  const rep = JSON.parse(run.stdout);
  console.log(
    `\nreplay of 1,000,000 users' timelines (${rep.moments.moments.toLocaleString("en-US")} moments in the period) with two policies (history, covis): ${run.wall.toFixed(1)} s wall, ${Math.round(run.rssMB)} MB peak (target: under 60 s)`,
  );
  goals.met("replay of 1,000,000 users", `${run.wall.toFixed(1)} s`, run.wall < 60, "under 60 s");
}
goals.finish(values.check);
