// Coverage of experiment read on simulated price-drop and abandoned-cart experiments (docs/experiments.md): seeded
// shops from the simulator's in-memory path (the table ingest would give), read as `experiment read` reads them, scored
// against the simulator's truth (trueDifference: the expected effect per triggered user).
//   npm run bench:price-drop-experiment -- [--moment price-drop|abandoned-cart] [--users 1500] [--seeds 100]
//     [--from 500] [--null] [--busy] [--check]
// --null: order rate 0 (no effect: the truth is 0); --busy: a shop where people cart, wishlist and buy more (the test's
// price-drop shop: cartRate 0.03, wishlistRate 0.02, buyNowRate 0.02); abandoned-cart shops always use cartRate 0.1.
import { join } from "node:path";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { targets } from "./lib.mjs";

const ROOT = join(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    moment: { type: "string", default: "price-drop" },
    users: { type: "string", default: "1500" },
    items: { type: "string", default: "1500" },
    seeds: { type: "string", default: "100" },
    from: { type: "string", default: "500" },
    null: { type: "boolean", default: false },
    busy: { type: "boolean", default: false },
    check: { type: "boolean", default: false },
  },
});
const load = async (path) => import(join(ROOT, "dist", path));
const { triggeredShopTable } = await load("simulate/triggered-shop.js");
const { firstMoments } = await load("moments/first-moments.js");
const { userOutcomes } = await load("experiment/user-outcomes.js");
const { analyseExperiment } = await load("experiment/analyse-experiment.js");
const { assignArm } = await load("experiment/assign-arm.js");
const { parseExperiment } = await load("experiment/experiment-config.js");

const DAY = 86_400_000;
const moment = values.moment;
const users = Number(values.users);
const seeds = Number(values.seeds);
const config = {
  days: 21,
  items: Number(values.items),
  ...(moment === "abandoned-cart" ? { cartRate: 0.1 } : {}),
  ...(values.busy ? { cartRate: 0.03, wishlistRate: 0.02, buyNowRate: 0.02 } : {}),
};
const metrics = ["conversion", "orders-per-user", "revenue-per-user"];
const blank = () => ({ covered: 0, error: 0, error2: 0, se2: 0, truth: 0, width: 0, excludes0: 0, pBelow: 0 });
const acc = Object.fromEntries(metrics.map((m) => [m, blank()]));
let triggered = 0;
let decided = 0;
const started = performance.now();
const load0 = loadavg()[0];
for (let s = 0; s < seeds; s++) {
  const e = parseExperiment(
    {
      name: "bench",
      salt: `cov-${s}`,
      arms: ["control", "treatment"],
      split: [50, 50],
      moment,
      start: "2024-01-08T00:00:00Z",
      end: "2024-01-22T00:00:00Z",
      metric: "conversion",
    },
    "exp.json",
  );
  const seed = Number(values.from) + s;
  const { table: t, truth } = await triggeredShopTable(
    { ...config, users, seed },
    e,
    values.null ? { orderRate: 0 } : undefined,
  );
  const first = firstMoments(t, moment, e.start, e.end, DAY);
  const outcomes = userOutcomes(t, first, e.start, e.end, e.start - (e.end - e.start));
  const armOf = Int8Array.from(outcomes.users, (u) => e.arms.indexOf(assignArm(t.dicts.user.get(u), e)));
  const dataEnd = Date.parse("2024-01-22T00:00:00Z");
  const r = analyseExperiment({ experiment: e, outcomes, armOf, exposed: null, dataEnd, assignment: "hash", by: [] });
  if (r.triggered.total !== truth.triggeredUsers)
    throw new Error(
      `seed ${seed}: the read has ${r.triggered.total} triggered users, the truth ${truth.triggeredUsers}`,
    );
  triggered += r.triggered.total;
  if (r.decision.significant) decided++;
  for (const m of r.metrics) {
    const a = acc[m.metric];
    if (!a) continue;
    const truthValue = truth.metrics[m.metric].trueDifference;
    const { difference, interval, p } = m.comparisons[0];
    if (interval[0] <= truthValue && truthValue <= interval[1]) a.covered++;
    if (interval[0] > 0 || interval[1] < 0) a.excludes0++;
    if (p < e.alpha) a.pBelow++;
    a.error += difference - truthValue;
    a.error2 += (difference - truthValue) ** 2;
    a.se2 += ((interval[1] - interval[0]) / 3.92) ** 2;
    a.truth += truthValue;
    a.width += interval[1] - interval[0];
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `${moment}${values.null ? " (no effect: order rate 0)" : ""}: ${seeds} shops of ${users} users (seeds ${values.from}..` +
    `${Number(values.from) + seeds - 1}), ${(triggered / seeds).toFixed(0)} triggered users per shop; ${seconds.toFixed(1)} s, ` +
    `load average ${load0.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`,
);
const goals = targets();
for (const m of metrics) {
  const a = acc[m];
  const pct = (100 * a.covered) / seeds;
  console.log(
    `  ${m.padEnd(17)} coverage ${a.covered}/${seeds} (${pct.toFixed(0)}%), bias ${(a.error / seeds).toPrecision(3)}, ` +
      `mean truth ${(a.truth / seeds).toPrecision(3)}, mean width ${(a.width / seeds).toPrecision(3)}; ` +
      `spread of the error ${Math.sqrt(a.error2 / seeds).toPrecision(3)} against the reported standard error (width / 3.92) ` +
      `${Math.sqrt(a.se2 / seeds).toPrecision(3)}; the interval excludes 0 in ${a.excludes0}, p < 0.05 in ${a.pBelow}`,
  );
  if (m === "conversion") goals.met(`${moment} conversion coverage %`, pct.toFixed(0), pct >= 90, ">= 90");
}
// power (with --null: the false positive rate): the share of shops whose decision calls conversion significant
console.log(`  decision (conversion) significant in ${decided}/${seeds} (${((100 * decided) / seeds).toFixed(0)}%)`);
goals.finish(values.check);
