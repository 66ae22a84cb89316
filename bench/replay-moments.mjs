// Speed of the moment engine: 1 million simulated users' timelines (28 days), each moment replayed with two
// policies (history, covis), one process per moment. Target (issue 17): under 60 s and under 2 GB peak RSS.
//   npm run bench:replay-moments -- [--users 1000000] [--reuse] [--check]
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { targets, timed } from "./lib.mjs";

const ROOT = join(import.meta.dirname, "..");
const OUT = join(ROOT, "bench", ".data", "replay-moments");
const CLI = join(ROOT, "bin", "cartlift.js");
const { values } = parseArgs({
  options: {
    users: { type: "string", default: "1000000" },
    reuse: { type: "boolean", default: false },
    check: { type: "boolean", default: false },
  },
});
const ds = join(OUT, `shop-${values.users}`);
if (!(values.reuse && existsSync(join(ds, "manifest.json")))) {
  rmSync(ds, { recursive: true, force: true });
  rmSync(`${ds}-source`, { recursive: true, force: true });
  const sim = timed("node", [
    CLI,
    "simulate",
    "--out",
    ds,
    "--users",
    values.users,
    "--items",
    "100000",
    "--days",
    "28",
    "--json",
    "-q",
  ]);
  const r = JSON.parse(sim.stdout);
  console.log(
    `simulated ${Number(values.users).toLocaleString("en-US")} users: ${r.events.toLocaleString("en-US")} events, ` +
      `${r.cartMoments["add-to-cart"].toLocaleString("en-US")} cart adds, ${r.cartMoments["abandoned-cart"].toLocaleString("en-US")} abandonments (${sim.wall.toFixed(1)} s)`,
  );
}
let total = 0;
let peak = 0;
for (const moment of ["empty-cart", "add-to-cart", "abandoned-cart"]) {
  const run = timed("node", [CLI, "replay", moment, "--data", ds, "--policy", "history", "covis", "--json", "-q"]);
  const rep = JSON.parse(run.stdout);
  total += run.wall;
  peak = Math.max(peak, run.rssMB);
  console.log(
    `replay ${moment}: ${rep.moments.moments.toLocaleString("en-US")} moments in the period, two policies: ` +
      `${run.wall.toFixed(1)} s wall, ${Math.round(run.rssMB)} MB peak`,
  );
}
console.log(`all three: ${total.toFixed(1)} s wall in all, ${Math.round(peak)} MB peak (target: under 60 s and 2 GB)`);
const goals = targets();
goals.met("three replays, wall", `${total.toFixed(1)} s`, total < 60, "under 60 s");
goals.met("peak RSS", `${Math.round(peak)} MB`, peak < 2048, "under 2 GB");
goals.finish(values.check);
