import { beforeAll, describe, expect, it } from "vitest";
import { execSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simulate } from "../../src/pipeline/simulate.js";
import { sampleSizePerArm } from "../../src/stats/sample-size.js";
import { REPO, tempDir } from "../helpers.js";
import { svgsWithClass, wellFormednessProblems } from "../evaluation/html-check.js";

/** The experiment commands end to end on a simulated shop whose true effect is known. */
const BIN = join(REPO, "bin", "cartlift.js");
const tmp = tempDir("cartlift-exp-");
const data = tmp.path("shop");
const exp = {
  name: "widget",
  salt: "test-salt",
  arms: ["control", "treatment"],
  split: [50, 50],
  moment: "any",
  start: "2024-01-15T00:00:00Z",
  end: "2024-01-29T00:00:00Z",
  metric: "conversion",
};
const expFile = tmp.file("exp.json", JSON.stringify(exp));
let truth: { metrics: Record<string, { trueDifference: number }>; triggeredUsers: number };

function cartlift(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  const main = join(REPO, "dist", "cli", "main.js");
  if (
    !existsSync(main) ||
    statSync(main).mtimeMs < statSync(join(REPO, "src", "pipeline", "experiment-read.ts")).mtimeMs
  )
    execSync("npm run build --silent", { cwd: REPO, stdio: "pipe" });
  const r = await simulate({
    out: data,
    config: { users: 6000, days: 28, seed: 5 },
    experiment: { file: expFile, widget: { clickBias: -4.5 } },
  });
  truth = r.experiment!;
}, 120_000);

describe("cartlift experiment", () => {
  it("experiment read --json covers the simulation's true difference, passes the SRM check and names the planned fields", () => {
    const r = cartlift("experiment", "read", "--data", data, "--experiment", expFile, "--json");
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining([
        "decision",
        "experiment",
        "triggered",
        "srm",
        "balance",
        "metrics",
        "incremental",
        "sequential",
        "series",
        "breakdowns",
      ]),
    );
    expect(Math.abs(j.triggered.total - truth.triggeredUsers)).toBeLessThanOrEqual(truth.triggeredUsers * 0.002);
    expect(j.srm.failed).toBe(false);
    for (const m of ["conversion", "orders-per-user", "revenue-per-user"]) {
      const c = j.metrics.find((x: { metric: string }) => x.metric === m).comparisons[0];
      expect(c.interval[0]).toBeLessThan(truth.metrics[m].trueDifference);
      expect(c.interval[1]).toBeGreaterThan(truth.metrics[m].trueDifference);
      expect(c.cuped).not.toBeNull();
    }
    expect(j.decision.significant).toBe(true);
    expect(j.decision.direction).toBe("up");
    expect(j.series.treatment.length).toBe(14);
    // the always-valid interval is wider than the fixed one at the end, and shrinks (never widens) day by day
    const s = j.series.treatment;
    const last = s[s.length - 1];
    expect(last.alwaysValidInterval[1] - last.alwaysValidInterval[0]).toBeGreaterThan(
      last.interval[1] - last.interval[0],
    );
    for (let d = 1; d < s.length; d++) expect(s[d].alwaysValidP).toBeLessThanOrEqual(s[d - 1].alwaysValidP);
  });

  it("experiment assign writes user,arm,first_moment, and read --assignments from it equals the hash read", () => {
    const out = tmp.path("assignments.csv");
    const a = cartlift("experiment", "assign", "--data", data, "--experiment", expFile, "--out", out, "--json");
    expect(a.status).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("user,arm,first_moment");
    expect(lines.length - 1).toBe(JSON.parse(a.stdout).users);
    const byHash = JSON.parse(cartlift("experiment", "read", "--data", data, "--experiment", expFile, "--json").stdout);
    const byFile = JSON.parse(
      cartlift("experiment", "read", "--data", data, "--experiment", expFile, "--assignments", out, "--json").stdout,
    );
    expect(byFile.metrics).toEqual(byHash.metrics);
    expect(byFile.experiment.assignment).toBe("file");
  });

  it("experiment read --assignments with an arm not in the experiment exits 2 naming the file, line and value", () => {
    const bad = tmp.file("bad-assignments.csv", "user,arm\nu1,control\nu2,treatmnet\n");
    const r = cartlift("experiment", "read", "--data", data, "--experiment", expFile, "--assignments", bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}:3: column "arm": "treatmnet" is not an arm of the experiment`);
  });

  it("experiment read with an end before the start, or a split of 60/50, exits 2 naming the field", () => {
    const early = tmp.file("early.json", JSON.stringify({ ...exp, end: "2024-01-01T00:00:00Z" }));
    const r = cartlift("experiment", "read", "--data", data, "--experiment", early);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${early}: "end"`);
    const split = tmp.file("split.json", JSON.stringify({ ...exp, split: [60, 50] }));
    const s = cartlift("experiment", "read", "--data", data, "--experiment", split);
    expect(s.status).toBe(2);
    expect(s.stderr).toContain('"split" sums to 110%, not 100%');
  });

  it("experiment read on a period no user reached says so in the report (exit 0, no crash)", () => {
    const later = tmp.file(
      "later.json",
      JSON.stringify({ ...exp, start: "2030-01-01T00:00:00Z", end: "2030-02-01T00:00:00Z" }),
    );
    const r = cartlift(
      "experiment",
      "read",
      "--data",
      data,
      "--experiment",
      later,
      "--json",
      "--report",
      tmp.path("empty-report"),
    );
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.triggered.total).toBe(0);
    expect(j.decision.summary).toMatch(/^No user reached the any moment/);
    expect(readFileSync(tmp.path("empty-report/report.md"), "utf8")).toContain("No user reached the any moment");
  });

  it("experiment read and plan with the abandoned-cart and price-drop moments run through the moment registry", () => {
    const ab = tmp.file("ab.json", JSON.stringify({ ...exp, moment: "abandoned-cart" }));
    const r = cartlift("experiment", "read", "--data", data, "--experiment", ab, "--json");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).experiment.moment).toBe("abandoned-cart");
    const plan = cartlift("experiment", "plan", "--data", data, "--moment", "price-drop", "--json");
    expect(plan.status).toBe(0);
    expect(JSON.parse(plan.stdout).moment).toBe("price-drop");
    const bad = cartlift("experiment", "plan", "--data", data, "--moment", "wishlist");
    expect(bad.status).toBe(2);
  });

  it("experiment read --report writes report.md, report.json and report.html with an inline SVG chart per arm", () => {
    const dir = tmp.path("report");
    const r = cartlift("experiment", "read", "--data", data, "--experiment", expFile, "--report", dir, "--by", "user");
    expect(r.status).toBe(0);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("always-valid confidence sequence");
    expect(wellFormednessProblems(html)).toEqual([]);
    expect(svgsWithClass(html, "experiment-series").map((a) => a["data-arm"])).toEqual(["treatment"]);
    expect(readFileSync(join(dir, "report.md"), "utf8")).toMatch(/^# Experiment widget\n\n## Decision\n/);
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).breakdowns[0].by).toBe("user");
    const bogus = cartlift("experiment", "read", "--data", data, "--experiment", expFile, "--by", "colour");
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toContain("available: user, earlier-cart, segment");
  });

  it("experiment read --by segment splits by each user's segments at its first moment: lifecycle reconciles with --by user", () => {
    const r = cartlift(
      "experiment",
      "read",
      "--data",
      data,
      "--experiment",
      expFile,
      "--by",
      "user",
      "--by",
      "segment",
      "--json",
    );
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    type Group = { label: string; users: Record<string, number>; comparisons: { pHolm: number }[] };
    const byName = Object.fromEntries(j.breakdowns.map((b: { by: string; groups: Group[] }) => [b.by, b.groups]));
    expect(Object.keys(byName)).toEqual(["user", "lifecycle segment", "intent segment", "RFM group"]);
    for (const arm of exp.arms) {
      const sum = (groups: Group[]) => groups.reduce((a, g) => a + g.users[arm], 0);
      // one lifecycle stage and one RFM group per user: the groups add up to the arm's triggered users
      expect(sum(byName["lifecycle segment"])).toBe(j.triggered.byArm[arm]);
      expect(sum(byName["RFM group"])).toBe(j.triggered.byArm[arm]);
      // intent segments overlap: at least one label per user
      expect(sum(byName["intent segment"])).toBeGreaterThanOrEqual(j.triggered.byArm[arm]);
      // a user with no event before the start has no event before its first moment's day boundary either: "absent"
      // is exactly --by user's "new"
      const absent = byName["lifecycle segment"].find((g: Group) => g.label === "absent");
      const fresh = byName["user"].find((g: Group) => g.label === "new");
      expect(absent?.users[arm] ?? 0).toBe(fresh.users[arm]);
    }
    expect(byName["lifecycle segment"].some((g: Group) => g.label === "returning-visitor")).toBe(true);
  });

  it("experiment read --report <folder of a user's files> exits 2 and leaves them; an earlier experiment report is replaced", () => {
    const mine = tmp.path("users-folder");
    mkdirSync(mine);
    writeFileSync(join(mine, "report.md"), "my notes\n");
    const read = (dir: string) =>
      cartlift("experiment", "read", "--data", data, "--experiment", expFile, "--report", dir);
    const r = read(mine);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--report .*users-folder holds "report.md" but no cartlift report.json/);
    expect(readdirSync(mine)).toEqual(["report.md"]);
    expect(readFileSync(join(mine, "report.md"), "utf8")).toBe("my notes\n");
    const ours = tmp.path("report-twice");
    expect(read(ours).status).toBe(0);
    const first = readFileSync(join(ours, "report.json"));
    expect(read(ours).status).toBe(0);
    expect(readFileSync(join(ours, "report.json")).equals(first)).toBe(true);
  });

  it("experiment plan --json has baseline, usersPerArm (the textbook formula at that baseline), usersPerArmCuped, weeklyUsers and weeks", () => {
    const r = cartlift(
      "experiment",
      "plan",
      "--data",
      data,
      "--moment",
      "any",
      "--metric",
      "conversion",
      "--mde",
      "20%",
      "--json",
    );
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    const p = j.baseline;
    expect(p).toBeGreaterThan(0);
    expect(j.usersPerArm).toBe(
      sampleSizePerArm({ delta: 0.2 * p, varianceControl: p * (1 - p), varianceTreatment: 1.2 * p * (1 - 1.2 * p) }),
    );
    expect(j.usersPerArmCuped).toBeLessThanOrEqual(j.usersPerArm);
    expect(j.weeklyUsers).toBeGreaterThan(0);
    expect(j.weeks).toBeGreaterThanOrEqual(1);
    expect(j.mdeByWeeks.map((m: { weeks: number }) => m.weeks)).toEqual([1, 2, 4, 8]);
    const three = JSON.parse(
      cartlift(
        "experiment",
        "plan",
        "--data",
        data,
        "--moment",
        "any",
        "--mde",
        "20%",
        "--arms",
        "control,30m,4h",
        "--json",
      ).stdout,
    );
    expect(three.alphaPerComparison).toBeCloseTo(0.025, 12);
    expect(three.usersPerArm).toBeGreaterThan(j.usersPerArm);
  });
});
