import { beforeAll, describe, expect, it } from "vitest";
import { execSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, tempDir } from "../helpers.js";
import { loadModel } from "../../src/models/model-reader.js";

/**
 * Every error path ends the process, and SIGINT / SIGTERM stop a command at once with 130 / 143, leaving the previous
 * output byte-identical and no temporary file behind. Signals are real (child processes), sent at several points.
 */
const BIN = join(REPO, "bin", "cartlift.js");
const PARQUET = "datasets/uci-online-retail/retail_session.parquet.snappy";
const tmp = tempDir("cartlift-interrupt-");

beforeAll(() => {
  if (!existsSync(join(REPO, "dist", "cli", "main.js"))) execSync("npm run build --silent", { cwd: REPO });
  // a shop large enough that training takes a few seconds
  const r = cartlift(20_000, "simulate", "--users", "20000", "--out", tmp.path("shop"), "-q");
  expect(r.status).toBe(0);
}, 60_000);

function cartlift(timeout: number, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    encoding: "utf8",
    timeout,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Starts a command, sends `signal` once stderr shows `when` (null: at once) plus `delayMs`; waits for the exit. */
/**
 * Runs cartlift and sends `signal` `delayMs` after `when`: at once (null), after stderr matches a pattern, or after a
 * check on the files (polled every 10 ms) holds.
 */
function interruptAt(args: string[], when: RegExp | (() => boolean) | null, signal: NodeJS.Signals, delayMs = 0) {
  return new Promise<{ code: number | null; stderr: string; sentAfterMs: number; exitedAfterMs: number }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    let sentAt = 0;
    const started = performance.now();
    const send = () => {
      sentAt = performance.now();
      setTimeout(() => child.kill(signal), delayMs);
    };
    let poll: NodeJS.Timeout | undefined;
    if (!when) send();
    else if (typeof when === "function")
      poll = setInterval(() => {
        if (!sentAt && when()) {
          clearInterval(poll);
          send();
        }
      }, 10);
    child.stderr.on("data", (b) => {
      stderr += b;
      if (!sentAt && when instanceof RegExp && when.test(stderr)) send();
    });
    child.on("close", (code) => {
      clearInterval(poll);
      resolve({
        code,
        stderr,
        sentAfterMs: sentAt - started,
        exitedAfterMs: performance.now() - (sentAt || started),
      });
    });
  });
}

const temps = (dir: string) => readdirSync(dir).filter((f) => /\.tmp-\d+|\.lock$/.test(f));

describe("no hang on an error", () => {
  it("cartlift ingest <parquet> without a preset exits 2 naming the missing column, and does not hang", () => {
    const r = cartlift(30_000, "ingest", PARQUET, "--out", tmp.path("pq-a"));
    expect(r.signal).toBeNull(); // not killed by the timeout
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Missing column for "ts"/);
    expect(existsSync(tmp.path("pq-a"))).toBe(false);
  });

  it("cartlift ingest <parquet> with a wrong preset exits 2, and does not hang", () => {
    const r = cartlift(30_000, "ingest", PARQUET, "--preset", "rees46", "--out", tmp.path("pq-b"));
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
  });

  it("cartlift run on a Parquet input it cannot map exits 2, and does not hang", () => {
    const p = tmp.file(
      "pq.json",
      JSON.stringify({
        ingest: { inputs: [join(REPO, PARQUET)] },
        models: [{ name: "p", spec: "popular" }],
        export: { model: "p" },
      }),
    );
    const r = cartlift(30_000, "run", p, "--out", tmp.path("pq-run"));
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/ingest\.map/);
  });
});

describe("interrupts", () => {
  const previous = () => {
    const model = tmp.path(`models-${Math.random().toString(36).slice(2)}/m.model`);
    mkdirSync(join(model, ".."));
    writeFileSync(model, "the previous model\n");
    return model;
  };
  const points: [string, string[], RegExp, NodeJS.Signals, number][] = [
    ["train covis, loading", ["train", "covis"], /loading/, "SIGINT", 0],
    ["train covis, counting pairs", ["train", "covis"], /counting covisit pairs/, "SIGTERM", 150],
    ["train item2vec, fitting", ["train", "item2vec"], /fitting item2vec/, "SIGINT", 800],
    ["train item2vec, fitting", ["train", "item2vec"], /fitting item2vec/, "SIGTERM", 3000],
  ];
  for (const [label, cmd, when, signal, delay] of points)
    it(`${cmd.join(" ")}: ${signal} while ${label.split(", ")[1]} exits ${signal === "SIGINT" ? 130 : 143} promptly and leaves the previous model as it was`, async () => {
      const model = previous();
      const r = await interruptAt([...cmd, "--data", tmp.path("shop"), "--out", model], when, signal, delay);
      expect(r.code).toBe(signal === "SIGINT" ? 130 : 143);
      expect(r.stderr).toMatch(new RegExp(`interrupted \\(${signal}\\)`));
      // one chunk of work (up to 2^18 events) at most; generous, as the test machine is shared
      expect(r.exitedAfterMs - delay).toBeLessThan(4_000);
      expect(readFileSync(model, "utf8")).toBe("the previous model\n");
      expect(temps(join(model, ".."))).toEqual([]);
    }, 60_000);

  it("train: a signal while writing leaves either the previous model or the complete new one", async () => {
    const model = previous();
    const r = await interruptAt(["train", "covis", "--data", tmp.path("shop"), "--out", model], /writing/, "SIGINT");
    expect([0, 130]).toContain(r.code);
    const text = readFileSync(model);
    if (text.toString() !== "the previous model\n") expect(loadModel(model).items.size).toBeGreaterThan(0);
    expect(temps(join(model, ".."))).toEqual([]);
  }, 60_000);

  it("simulate: SIGTERM while writing the shop exits 143 and leaves the previous files as they were", async () => {
    const csv = tmp.path("sim-prev/events.csv");
    mkdirSync(tmp.path("sim-prev"));
    writeFileSync(csv, "previous\n");
    // the signal goes once the shop is being written (its temporary file exists): on a loaded machine a fixed delay
    // can land before Node has even installed the handlers
    const writing = () => readdirSync(tmp.path("sim-prev")).some((f) => /\.tmp-\d+$/.test(f));
    const r = await interruptAt(["simulate", "--users", "200000", "--out", csv], writing, "SIGTERM", 200);
    expect(r.code).toBe(143);
    expect(readFileSync(csv, "utf8")).toBe("previous\n");
    expect(readdirSync(tmp.path("sim-prev"))).toEqual(["events.csv"]);
  }, 60_000);

  it("ingest: SIGINT while reading exits 130 and leaves the previous dataset byte-identical, unlocked", async () => {
    const src = join(tmp.path("shop-source"), "events.csv");
    const out = tmp.path("ds-prev");
    expect(cartlift(60_000, "ingest", src, "--out", out, "-q").status).toBe(0);
    const before = readdirSync(out).map((f) => [f, readFileSync(join(out, f)).toString("base64")]);
    const r = await interruptAt(["ingest", src, src, src, "--out", out], /reading/, "SIGINT", 50);
    expect(r.code).toBe(130);
    expect(readdirSync(out).map((f) => [f, readFileSync(join(out, f)).toString("base64")])).toEqual(before);
  }, 60_000);

  it("evaluate --report: SIGINT during the evaluation exits 130 and writes no report", async () => {
    const report = tmp.path("eval-report");
    const r = await interruptAt(
      ["evaluate", "--data", tmp.path("shop"), "--models", "covis", "item2vec", "--report", report],
      /item2vec|fitting|evaluating|training/,
      "SIGINT",
      500,
    );
    expect(r.code).toBe(130);
    expect(existsSync(report) ? readdirSync(report) : []).toEqual([]);
  }, 60_000);
});

describe("outputs belong to cartlift", () => {
  it("ingest --out refuses a folder with a foreign manifest.json, and --append into a folder that is not a dataset", () => {
    const app = tmp.path("webapp");
    mkdirSync(app);
    writeFileSync(join(app, "manifest.json"), '{"name": "my web app", "icons": []}\n');
    writeFileSync(join(app, "quarantine.csv"), "mine\n");
    const csv = join(tmp.path("shop-source"), "events.csv");
    for (const extra of [[], ["--append"]]) {
      const r = cartlift(30_000, "ingest", csv, "--out", app, ...extra);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/not a cartlift dataset/);
    }
    const other = tmp.path("other");
    mkdirSync(other);
    writeFileSync(join(other, "quarantine.csv"), "mine too\n");
    expect(cartlift(30_000, "ingest", csv, "--out", other, "--append").status).toBe(2);
    expect(readFileSync(join(app, "manifest.json"), "utf8")).toBe('{"name": "my web app", "icons": []}\n');
    expect(readFileSync(join(app, "quarantine.csv"), "utf8")).toBe("mine\n");
    expect(readFileSync(join(other, "quarantine.csv"), "utf8")).toBe("mine too\n");
    expect(readdirSync(app).sort()).toEqual(["manifest.json", "quarantine.csv"]);
  });

  it("evaluate --report and replay --report refuse a folder holding a user's files", () => {
    const dir = tmp.path("my-reports");
    mkdirSync(dir);
    writeFileSync(join(dir, "report.md"), "# my own report\n");
    const e = cartlift(60_000, "evaluate", "--data", tmp.path("shop"), "--models", "popular", "--report", dir);
    expect(e.status).toBe(2);
    const r = cartlift(60_000, "replay", "--data", tmp.path("shop"), "--report", dir);
    expect(r.status).toBe(2);
    expect(readFileSync(join(dir, "report.md"), "utf8")).toBe("# my own report\n");
    expect(readdirSync(dir)).toEqual(["report.md"]);
  });

  it("two concurrent ingest --append runs never interleave: one waits for none and fails clearly, no event is lost", async () => {
    const out = tmp.path("ds-append");
    const src = join(tmp.path("shop-source"), "events.csv");
    expect(cartlift(60_000, "ingest", src, "--out", out, "-q").status).toBe(0);
    const a = tmp.file(
      "a.csv",
      "ts,user,item,event\n2030-01-01T00:00:00Z,ua,ia,view\n2030-01-01T00:01:00Z,ua,ib,view\n",
    );
    const b = tmp.file("b.csv", "ts,user,item,event\n2030-01-02T00:00:00Z,ub,ic,view\n");
    const run = (f: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, "ingest", f, "--out", out, "--append", "-q"], { cwd: REPO });
        let stderr = "";
        child.stderr.on("data", (x) => (stderr += x));
        child.on("close", (code) => resolve({ code, stderr }));
      });
    const before = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).events;
    const [ra, rb] = await Promise.all([run(a), run(b)]);
    const codes = [ra.code, rb.code];
    for (const r of [ra, rb])
      if (r.code !== 0) expect(r.stderr).toMatch(/being written by another cartlift \(pid \d+\)/);
    const after = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).events;
    const added = (ra.code === 0 ? 2 : 0) + (rb.code === 0 ? 1 : 0);
    expect(codes.filter((c) => c === 0).length).toBeGreaterThan(0);
    expect(after).toBe(before + added);
    expect(temps(out)).toEqual([]);
    expect(statSync(join(out, "events.arrow")).size).toBeGreaterThan(0);
  }, 60_000);
});
