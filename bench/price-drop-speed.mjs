// Speed of prices and price-drop replay (issue 18). Targets: price history and drops for 10M events under 20 s; the
// whole price-drop replay of a 1M-user simulated shop under 60 s.
//   npm run bench:price-drop-speed -- [--events 10000000] [--users 1000000] [--reuse] [--skip history|replay] [--check]
// (1) a synthetic table of --events events (1M users, 100k items with Zipf popularity, prices with tiers and drops),
//     built in memory: pricedRows + dailyMedians + detectDrops, timed in this process;
// (2) cartlift simulate --users 1000000 --days 28 --items 100000 --drop-effect 0.3, then
//     cartlift replay price-drop --policy popular covis (one process: wall and CPU time, peak RSS, and the wall time
//     split by the scheduler into running, waiting for a CPU and asleep: bench/sched-profile.mjs).
import { existsSync, readFileSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { targets, timed } from "./lib.mjs";
import { describeProfile, profiled } from "./sched-profile.mjs";

const ROOT = join(import.meta.dirname, "..");
const OUT = join(ROOT, "bench", ".data", "price-drop-speed");
const CLI = join(ROOT, "bin", "cartlift.js");
const { values } = parseArgs({
  options: {
    events: { type: "string", default: "10000000" },
    users: { type: "string", default: "1000000" },
    reuse: { type: "boolean", default: false },
    skip: { type: "string", default: "" },
    check: { type: "boolean", default: false },
  },
});
const { Dictionary } = await import(join(ROOT, "dist", "data", "dictionary.js"));
const { seededRandom } = await import(join(ROOT, "dist", "data", "random.js"));
const { pricedRows } = await import(join(ROOT, "dist", "prices", "priced-rows.js"));
const { dailyMedians } = await import(join(ROOT, "dist", "prices", "daily-medians.js"));
const { detectDrops } = await import(join(ROOT, "dist", "prices", "detect-drops.js"));
const { DROP_DEFAULTS } = await import(join(ROOT, "dist", "prices", "drop-rules.js"));

/** This process's main thread: seconds on a CPU and runnable but waiting for one (Linux schedstat; 0 elsewhere). */
function mainThreadSched() {
  try {
    const [run, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ").map(Number);
    return { run: run / 1e9, wait: wait / 1e9 };
  } catch {
    return { run: 0, wait: 0 };
  }
}

const goals = targets();
if (!values.skip.includes("history")) {
  const n = Number(values.events);
  const users = 1_000_000;
  const items = 100_000;
  const random = seededRandom(18);
  const DAY = 86_400_000;
  const start = Date.UTC(2024, 0, 1);
  // Zipf(1) item draw by inverse CDF over a cumulative table
  const cum = new Float64Array(items);
  let s = 0;
  for (let i = 0; i < items; i++) cum[i] = s += 1 / (i + 1);
  const pick = () => {
    const x = random() * s;
    let lo = 0;
    let hi = items - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const base = Float64Array.from({ length: items }, () => Math.round(5 + random() * 95));
  const dropAt = Float64Array.from({ length: items }, () => (random() < 0.2 ? start + random() * 60 * DAY : Infinity));
  const t0 = performance.now();
  const ts = new Float64Array(n);
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const price = new Float64Array(n);
  let r = 0;
  for (let u = 0; u < users && r < n; u++) {
    const k = u === users - 1 ? n - r : Math.min(n - r, 1 + Math.floor(random() * ((2 * n) / users - 1)));
    let t = start + random() * 80 * DAY;
    for (let e = 0; e < k; e++, r++) {
      t += random() * DAY;
      const i = pick();
      ts[r] = t;
      user[r] = u;
      item[r] = i;
      const p = t >= dropAt[i] ? base[i] * 0.8 : base[i];
      price[r] = random() < 0.05 ? NaN : random() < 0.1 ? Math.round(p * 90) / 100 : p; // missing, tiers
    }
  }
  const dicts = {
    user: new Dictionary(),
    session: new Dictionary(),
    item: new Dictionary(),
    category: new Dictionary(),
    order: new Dictionary(),
  };
  for (let u = 0; u < users; u++) dicts.user.intern(`u${u}`);
  for (let i = 0; i < items; i++) dicts.item.intern(`i${i}`);
  const table = {
    length: r,
    ts: ts.subarray(0, r),
    user: user.subarray(0, r),
    item: item.subarray(0, r),
    price: price.subarray(0, r),
    session: new Int32Array(r).fill(-1),
    kind: new Uint8Array(r),
    quantity: new Int32Array(r).fill(1),
    category: new Int32Array(r).fill(-1),
    order: new Int32Array(r).fill(-1),
    dicts,
  };
  console.log(
    `synthetic table: ${r.toLocaleString("en-US")} events built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const cpuSeconds = (c) => (c.user + c.system) / 1e6;
  const sched0 = mainThreadSched();
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  const priced = pricedRows(table);
  const cpu1 = process.cpuUsage(cpu0);
  const t2 = performance.now();
  const daily = dailyMedians(table, priced);
  const cpu2 = process.cpuUsage(cpu0);
  const t3 = performance.now();
  const drops = detectDrops(table, priced, DROP_DEFAULTS);
  const t4 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const sched = mainThreadSched();
  const phase = (wall, c) => `${(wall / 1000).toFixed(1)} s wall / ${c.toFixed(1)} s CPU`;
  goals.met(
    "price history + drops, CPU s",
    ((cpu.user + cpu.system) / 1e6).toFixed(1),
    cpu.user + cpu.system < 20e6,
    "< 20",
  );
  console.log(
    `price history + drops of ${r.toLocaleString("en-US")} events: ${((t4 - t1) / 1000).toFixed(1)} s ` +
      `(group by item ${phase(t2 - t1, cpuSeconds(cpu1))}, ` +
      `daily medians ${phase(t3 - t2, cpuSeconds(cpu2) - cpuSeconds(cpu1))}, ` +
      `drops ${phase(t4 - t3, cpuSeconds(cpu) - cpuSeconds(cpu2))}; CPU ${cpuSeconds(cpu).toFixed(1)} s ` +
      `(system ${(cpu.system / 1e6).toFixed(1)} s), ` +
      `main thread waiting for a CPU ${(sched.wait - sched0.wait).toFixed(1)} s, ` +
      `load average ${loadavg()[0].toFixed(1)}): ` +
      `${daily.length.toLocaleString("en-US")} item-days, ` +
      `${drops.length.toLocaleString("en-US")} drops; target < 20 s`,
  );
}

if (!values.skip.includes("replay")) {
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
      "--drop-effect",
      "0.3",
      "--json",
      "-q",
    ]);
    const r = JSON.parse(sim.stdout);
    console.log(
      `simulated ${Number(values.users).toLocaleString("en-US")} users: ${r.events.toLocaleString("en-US")} events (${sim.wall.toFixed(1)} s)`,
    );
  }
  // the replay's wall time split by the scheduler: running, waiting for a CPU (other jobs), asleep (I/O, workers)
  const rep = await profiled("node", [
    CLI,
    "replay",
    "price-drop",
    "--data",
    ds,
    "--policy",
    "popular",
    "covis",
    "--json",
    "-q",
  ]);
  const j = JSON.parse(rep.stdout);
  goals.met("replay price-drop wall s", rep.wall.toFixed(1), rep.wall < 60, "< 60");
  goals.met("replay price-drop CPU s", rep.cpu.toFixed(1), rep.cpu < 60, "< 60");
  console.log(
    `replay price-drop of ${Number(values.users).toLocaleString("en-US")} users: ${describeProfile(rep)}; ` +
      `${j.moments.drops.toLocaleString("en-US")} drops, ${j.moments.moments.toLocaleString("en-US")} alerts; ` +
      `target < 60 s`,
  );
}
goals.finish(values.check);
