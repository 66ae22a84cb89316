#!/usr/bin/env node
// npm run test:planted: plants, one at a time, each bug that issue 25 found the suite missing, in a throwaway copy of
// the sources (a git worktree under the system temp folder; this checkout is never edited), and runs the tests that
// must catch it. Prints one line per bug and exits 1 when any bug passes its tests, or when a plant no longer
// applies (the code moved: update the plant, so that the check cannot silently stop checking).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BUGS = [
  {
    name: "NDCG: the ideal DCG not capped at k",
    file: "src/evaluation/metrics/ndcg.ts",
    from: "r <= Math.min(targets, k)",
    to: "r <= targets",
    tests: ["test/evaluation/metrics-oracle.test.ts"],
  },
  {
    name: "empty cart: `expired` not reset on a cart add",
    file: "src/moments/empty-cart-moments.ts",
    from: "expired = []; // added something since",
    to: "// added something since",
    tests: ["test/moments/empty-cart-oracle.test.ts"],
  },
  {
    name: "empty cart: `>` made `>=` at the TTL boundary",
    file: "src/moments/empty-cart-moments.ts",
    from: "ts - lastCart > ttlMs",
    to: "ts - lastCart >= ttlMs",
    tests: ["test/moments/empty-cart-oracle.test.ts"],
  },
  {
    name: "empty cart: the expired value never added up",
    file: "src/moments/empty-cart-moments.ts",
    from: "expiredValue += entry.value;",
    to: "",
    tests: ["test/moments/empty-cart-oracle.test.ts"],
  },
  {
    name: "DM: the smoothing term dropped",
    file: "src/replay/off-policy.ts",
    from: "((hits.get(item) ?? 0) + 10 * prior) / ((shows.get(item) ?? 0) + 10)",
    to: "(hits.get(item) ?? 0) / Math.max(1, shows.get(item) ?? 0)",
    tests: ["test/replay/off-policy-propensities.test.ts", "test/replay/off-policy.test.ts"],
  },
  {
    name: "SNIPS: the interval taken from replay's bootstrap",
    file: "src/replay/off-policy.ts",
    from: "snips: ratio(ips, weight, 0)",
    to: "snips: ratio(ips, weight, 1)",
    tests: ["test/replay/off-policy-propensities.test.ts", "test/replay/off-policy.test.ts"],
  },
  {
    name: "co-visitation, hash-table path: the decay taken from the earlier event",
    file: "src/models/covis/timeline-pairs.ts",
    from: "const base = decay[y] * inverse[y - x];",
    to: "const base = decay[x] * inverse[y - x];",
    occurrence: 2, // the first is the grid path for short timelines; the second the hash-table path
    tests: ["test/models/covis-oracle.test.ts", "test/models/covis-counting.test.ts"],
  },
  {
    name: "time zones: an offset +0530 read as +05:00",
    file: "src/ingest/parse-time.ts",
    from: "    if (j < end) {\n      const m = readInt(buf, j, end);",
    to: "    if (j < end && buf[j - 1] === 0x3a) {\n      const m = readInt(buf, j, end);",
    tests: ["test/ingest/parse-time.test.ts", "test/ingest/parse-time-oracle.test.ts"],
  },
];

const root = process.cwd();
const copy = mkdtempSync(join(tmpdir(), "cartlift-planted-"));
const git = (...args) => spawnSync("git", args, { cwd: root, encoding: "utf8" });
if (git("worktree", "add", "--detach", copy, "HEAD").status !== 0) throw new Error("git worktree add failed");
let failed = false;
try {
  symlinkSync(join(root, "node_modules"), join(copy, "node_modules"));
  const vitest = (tests) => {
    const run = spawnSync("npx", ["vitest", "run", ...tests], {
      cwd: copy,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    return Number(/Tests\s+(\d+) failed/.exec(run.stdout + run.stderr)?.[1] ?? (run.status === 0 ? 0 : NaN));
  };
  // without a plant every test must pass, or a "caught" below would mean nothing
  const baseline = vitest([...new Set(BUGS.flatMap((b) => b.tests))]);
  if (baseline !== 0) throw new Error(`the tests fail without any plant (${baseline} failed): fix them first`);
  for (const bug of BUGS) {
    const path = join(copy, bug.file);
    const original = readFileSync(path, "utf8");
    let at = -1;
    for (let n = 0; n < (bug.occurrence ?? 1); n++) at = original.indexOf(bug.from, at + 1);
    if (at < 0) {
      console.log(`NOT PLANTED  ${bug.name}: ${bug.file} no longer has the code the plant changes`);
      failed = true;
      continue;
    }
    writeFileSync(path, original.slice(0, at) + bug.to + original.slice(at + bug.from.length));
    const failing = vitest(bug.tests); // NaN: the run broke (a plant that does not compile), which catches nothing
    writeFileSync(path, original);
    const caught = failing > 0;
    console.log(`${caught ? `caught (${failing} failing tests)` : "MISSED"}  ${bug.name} (${bug.tests.join(", ")})`);
    if (!caught) failed = true;
  }
} finally {
  rmSync(join(copy, "node_modules")); // the link only, before the copy goes
  git("worktree", "remove", "--force", copy);
  rmSync(copy, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
