import { beforeAll, describe, expect, it } from "vitest";
import { execSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { quarantineRows, REPO, tempDir } from "../helpers.js";

/**
 * The CLI end to end (bin/cartlift.js runs dist/): exit codes 0 (ok), 2 (input or usage error),
 * 5 (rows rejected beyond --max-rejected), messages on stderr, and --json on stdout.
 */
const BIN = join(REPO, "bin", "cartlift.js");
const MAIN = join(REPO, "dist", "cli", "main.js");
const BAD = "test/fixtures/bad"; // relative to REPO, the CLI's working directory: messages name it as given

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

beforeAll(() => {
  // build only when dist is missing or older than src (npm test builds first: see "pretest")
  if (!existsSync(MAIN) || statSync(MAIN).mtimeMs < newestMtime(join(REPO, "src")))
    execSync("npm run build --silent", { cwd: REPO, stdio: "pipe" });
}, 120_000);

const tmp = tempDir("cartlift-cli-");
let outs = 0;
const newOut = () => tmp.path(`dataset-${++outs}`);

function cartlift(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function datasetFiles(out: string): string[] {
  return existsSync(out) ? readdirSync(out) : [];
}

describe("cartlift ingest exit codes", () => {
  it("cartlift ingest exits 0 on a clean file and prints the JSON report on stdout", () => {
    const out = newOut();
    const r = cartlift("ingest", `${BAD}/wrong-delimiter.csv`, "--out", out, "--json", "-q");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      read: 2,
      accepted: 2,
      rejected: 0,
      rejectedByReason: {},
      quarantine: null,
      exitCode: 0,
      error: null,
    });
    expect(datasetFiles(out).sort()).toEqual(["events.arrow", "manifest.json"]);
  });

  it("cartlift ingest exits 5 when rows are rejected: JSON report on stdout, error and hint once on stderr, dataset written", () => {
    const out = newOut();
    const r = cartlift("ingest", `${BAD}/bad-timestamp.csv`, "--out", out, "--json", "-q");
    expect(r.status).toBe(5);
    const report = JSON.parse(r.stdout); // one JSON document: the error is inside it, not printed again
    expect(report).toMatchObject({
      read: 6,
      accepted: 4,
      rejected: 2,
      rejectedByReason: { bad_timestamp: 2 },
      exitCode: 5,
    });
    expect(report.read).toBe(report.accepted + report.rejected);
    expect(report.error).toMatchObject({
      code: "rejected_rows",
      hint: "fix the input, or accept up to this share with --max-rejected 0.3334",
    });
    const quarantine = join(out, "quarantine.csv");
    expect(r.stderr).toBe(
      `error: 2 of 6 rows (33.33%) were rejected; the dataset was written without them and they are in ${quarantine}\n` +
        "  hint: fix the input, or accept up to this share with --max-rejected 0.3334\n",
    );
    expect(datasetFiles(out).sort()).toEqual(["events.arrow", "manifest.json", "quarantine.csv"]);
    expect(quarantineRows(out).map((q) => [q.file, q.line, q.reason, q.column])).toEqual([
      [`${BAD}/bad-timestamp.csv`, 4, "bad_timestamp", "ts"],
      [`${BAD}/bad-timestamp.csv`, 6, "bad_timestamp", "ts"],
    ]);
  });

  it("cartlift ingest --max-rejected exits 0 when the rejected share is within it and 5 when it is not", () => {
    const within = newOut();
    const ok = cartlift("ingest", `${BAD}/bad-timestamp.csv`, "--out", within, "--max-rejected", "34%", "-q");
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout.split("\n")[0]).toBe(
      `Ingested 4 of 6 rows into ${within} (2 rejected -> ${join(within, "quarantine.csv")})`,
    );
    expect(ok.stdout).toContain(`${BAD}/bad-timestamp.csv:4: column "ts": not a timestamp: "yesterday"`);
    const above = cartlift("ingest", `${BAD}/bad-timestamp.csv`, "--out", newOut(), "--max-rejected", "0.33", "-q");
    expect(above.status).toBe(5);
    expect(above.stderr).toMatch(/^error: 2 of 6 rows \(33\.33%\) were rejected/);
  });

  it("cartlift ingest exits 2 on a missing column: error and hint on stderr, the error as JSON on stdout, no dataset", () => {
    const out = newOut();
    const r = cartlift("ingest", `${BAD}/missing-column.csv`, "--out", out, "--json", "-q");
    expect(r.status).toBe(2);
    const message = `Missing column for "item" in ${BAD}/missing-column.csv (found: ts, user, session, event, product_name, price)`;
    expect(r.stderr).toBe(`error: ${message}\n  hint: map it with --map item=<column>\n`);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: "missing_column", message, hint: "map it with --map item=<column>" },
    });
    expect(datasetFiles(out)).toEqual([]);
  });

  it('cartlift ingest --delimiter , on a ;-separated file exits 2 with a hint to pass --delimiter ";"', () => {
    const r = cartlift("ingest", `${BAD}/wrong-delimiter.csv`, "--out", newOut(), "--delimiter", ",", "-q");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^error: Missing column for "ts" in .*wrong-delimiter\.csv \(found: ts;user;session;event;item;price\)\n {2}hint: the header looks ";"-separated: pass --delimiter ";"; /,
    );
  });

  it.each([
    ["empty.csv", "empty_file", `${BAD}/empty.csv is empty`],
    ["header-only.csv", "no_rows", `${BAD}/header-only.csv has no data rows (header only?)`],
    [
      "unmapped-events.csv",
      "unmapped_events",
      `${BAD}/unmapped-events.csv: no event type is mapped (found: "teleport" x2, "beam_up" x1)`,
    ],
    ["no-such-file.csv", "file_not_found", `${BAD}/no-such-file.csv: no such file`],
  ])(
    "cartlift ingest exits 2 on %s with code %s, a message and a hint, and writes no dataset",
    (name, code, message) => {
      const out = newOut();
      const r = cartlift("ingest", `${BAD}/${name}`, "--out", out, "--json", "-q");
      expect(r.status).toBe(2);
      const { error } = JSON.parse(r.stdout);
      expect(error).toMatchObject({ code, message });
      expect(error.hint).toEqual(expect.any(String));
      expect(r.stderr).toBe(`error: ${message}\n  hint: ${error.hint}\n`);
      expect(datasetFiles(out)).toEqual([]);
    },
  );

  it("cartlift ingest --strict exits 2 at the first bad row, naming file, line and column, and writes no dataset", () => {
    const out = newOut();
    const r = cartlift("ingest", `${BAD}/bad-timestamp.csv`, "--out", out, "--strict", "--json", "-q");
    expect(r.status).toBe(2);
    const message = `${BAD}/bad-timestamp.csv:4: column "ts": not a timestamp: "yesterday"`;
    expect(r.stderr).toBe(`error: ${message}\n  hint: drop --strict to quarantine bad rows instead\n`);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: "row_bad_timestamp", message, hint: "drop --strict to quarantine bad rows instead" },
    });
    expect(datasetFiles(out)).toEqual([]);
  });
});

describe("cartlift ingest output problems", () => {
  it("cartlift ingest exits 2 with unwritable_out when --out lies under a file", () => {
    const r = cartlift(
      "ingest",
      `${BAD}/wrong-delimiter.csv`,
      "--out",
      `${BAD}/wrong-delimiter.csv/dataset`,
      "--json",
      "-q",
    );
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({
      code: "unwritable_out",
      hint: "check the folder's permissions and free disk space",
    });
    expect(r.stderr).toContain(`error: cannot write the dataset to ${BAD}/wrong-delimiter.csv/dataset (ENOTDIR`);
  });

  it("cartlift inspect exits 2 on a folder that is not a dataset and on a bad --top", () => {
    expect(cartlift("inspect", tmp.dir).status).toBe(2);
    const out = newOut();
    expect(cartlift("ingest", `${BAD}/wrong-delimiter.csv`, "--out", out, "-q").status).toBe(0);
    const r = cartlift("inspect", out, "--top", "many");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--top must be a whole number, got "many"');
  });
});

describe("cartlift evaluate", () => {
  it("cartlift evaluate --json prints the report; bad specs, protocols and leaking model files exit 2", () => {
    const data = newOut();
    expect(
      cartlift("ingest", "datasets/otto-20-sessions/train_first20.jsonl", "--preset", "otto", "--out", data, "-q")
        .status,
    ).toBe(0);
    const ok = cartlift(
      "evaluate",
      "--data",
      data,
      "--models",
      "popular",
      "covis[scope=user]",
      "--protocol",
      "session-future",
      "--test-share",
      "0.5",
      "--bootstrap",
      "50",
      "--json",
      "-q",
    );
    expect(ok.status, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report.models.map((m: { name: string }) => m.name)).toEqual(["popular", "covis[scope=user]"]);
    // the values themselves are checked in test/evaluation; here: every metric at every default cut-off is reported
    expect(Object.keys(report.models[1].values).sort()).toEqual(
      ["HR", "Recall", "Precision", "MRR", "NDCG", "MAP"].flatMap((m) => [5, 10, 20].map((k) => `${m}@${k}`)).sort(),
    );
    const badSpec = cartlift("evaluate", "--data", data, "--models", "covis[k=many]", "-q");
    expect(badSpec.status).toBe(2);
    expect(badSpec.stderr).toContain('k expects a number, got "many"');
    expect(cartlift("evaluate", "--data", data, "--protocol", "next-please", "-q").status).toBe(2);
    const model = join(tmp.dir, "new-folder", "all.model"); // train creates the folder
    expect(cartlift("train", "popular", "--data", data, "--out", model, "-q").status).toBe(0);
    const blocked = cartlift("train", "popular", "--data", data, "--out", join(model, "x.model"), "-q");
    expect(blocked.status).toBe(2);
    expect(blocked.stderr).toContain("cannot write the model to");
    const leak = cartlift("evaluate", "--data", data, "--models", model, "-q");
    expect(leak.status).toBe(2);
    expect(leak.stderr).toContain("no --until");
  }, 180_000); // a dozen CLI processes, each starting node: slow on a loaded machine

  it("cartlift evaluate --recs --truth --json scores a recs file; a repeated id exits 2 naming the line", () => {
    const truth = join(tmp.dir, "truth.jsonl");
    const recs = join(tmp.dir, "recs.jsonl");
    writeFileSync(truth, '{"id": "a", "target": "x"}\n{"id": "b", "targets": ["y", "z"]}\n');
    writeFileSync(recs, '{"id": "a", "items": ["w", "x"]}\n{"id": "b", "items": ["z"]}\n');
    const r = cartlift("evaluate", "--recs", recs, "--truth", truth, "--k", "2", "--json");
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ n: 2, missing: 0, "HR@2": 1, "MRR@2": 0.75, "Recall@2": 0.75 });
    writeFileSync(recs, '{"id": "a", "items": []}\n{"id": "a", "items": []}\n');
    const twice = cartlift("evaluate", "--recs", recs, "--truth", truth, "--json");
    expect(twice.status).toBe(2);
    expect(JSON.parse(twice.stdout).error.code).toBe("duplicate_id");
    expect(twice.stderr).toContain("recs.jsonl:2");
  });
});

describe("cartlift export and recommend", () => {
  it("export --json reports bytes and neighbours; recommend --queries writes one list per query, in order", () => {
    const data = newOut();
    expect(
      cartlift("ingest", "datasets/otto-20-sessions/train_first20.jsonl", "--preset", "otto", "--out", data, "-q")
        .status,
    ).toBe(0);
    const model = join(tmp.dir, "cli.model");
    const artifact = join(tmp.dir, "cli.artifact");
    expect(cartlift("train", "covis", "--data", data, "--out", model, "-q").status).toBe(0);
    const ex = cartlift("export", "--model", model, "--out", artifact, "--k", "10", "--json");
    expect(ex.status, ex.stderr).toBe(0);
    const report = JSON.parse(ex.stdout);
    expect(report.bytes).toBe(statSync(artifact).size);
    expect(report.neighbours).toBeGreaterThan(0);
    const queries = join(tmp.dir, "queries.jsonl");
    writeFileSync(
      queries,
      [
        '{"id": "q1", "history": [{"item": "1517085", "event": "view", "ts": 1659304800025}]}',
        '{"id": 2, "history": []}',
        '{"id": "q3", "history": [{"item": "nope"}], "k": 3}',
      ].join("\n") + "\n",
    );
    const out = join(tmp.dir, "recs.jsonl");
    const r = cartlift("recommend", "--model", artifact, "--queries", queries, "--out", out, "--json");
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ queries: 3, unknownItems: 1, coldQueries: 1 });
    const lines = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(["q1", 2, "q3"]);
    expect(lines[0].items).toHaveLength(20);
    expect(lines[2].items).toHaveLength(3);
  });

  it("recommend exits 2 on a bad query line, naming the file and line, and writes no output", () => {
    const data = newOut();
    expect(
      cartlift("ingest", "datasets/otto-20-sessions/train_first20.jsonl", "--preset", "otto", "--out", data, "-q")
        .status,
    ).toBe(0);
    const model = join(tmp.dir, "cli2.model");
    expect(cartlift("train", "popular", "--data", data, "--out", model, "-q").status).toBe(0);
    const queries = join(tmp.dir, "bad-queries.jsonl");
    writeFileSync(queries, '{"id": "a", "history": []}\n{"id": "b", "history": [{"item": "1", "ts": "yesterday"}]}\n');
    const out = join(tmp.dir, "never.jsonl");
    const r = cartlift("recommend", "--model", model, "--queries", queries, "--out", out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`bad-queries.jsonl:2: history[0].ts "yesterday" is not a time`);
    expect(existsSync(out)).toBe(false);
    expect(cartlift("recommend", "--model", model, "--item", "x", "--queries", queries).status).toBe(2);
    expect(cartlift("export", "--model", model, "--out", join(tmp.dir, "x.artifact"), "--quantize", "4").status).toBe(
      2,
    );
    const folder = cartlift("recommend", "--model", model, "--queries", tmp.dir, "--out", out);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toContain(`${tmp.dir}: not a file`);
  });

  it("export and recommend --out create a missing output folder", () => {
    const data = newOut();
    expect(
      cartlift("ingest", "datasets/otto-20-sessions/train_first20.jsonl", "--preset", "otto", "--out", data, "-q")
        .status,
    ).toBe(0);
    const model = join(tmp.dir, "cli3.model");
    expect(cartlift("train", "popular", "--data", data, "--out", model, "-q").status).toBe(0);
    const artifact = join(tmp.dir, "new", "folder", "m.artifact");
    expect(cartlift("export", "--model", model, "--out", artifact, "--json").status).toBe(0);
    expect(existsSync(artifact)).toBe(true);
    const queries = join(tmp.dir, "one-query.jsonl");
    writeFileSync(queries, '{"id": 1, "history": []}\n');
    const out = join(tmp.dir, "another", "recs.jsonl");
    const r = cartlift("recommend", "--model", artifact, "--queries", queries, "--out", out);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, "utf8").split("\n")).toHaveLength(2);
  });
});

describe("cartlift simulate", () => {
  it("simulate --json writes a CSV that ingests with no options; simulate truth prints a policy's expectation; bad options exit 2", () => {
    const csv = join(tmp.dir, "sim", "shop.csv");
    const r = cartlift("simulate", "--out", csv, "--users", "3000", "--widget", "epsilon-greedy", "--json", "-q");
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.files.moments).toBe(join(tmp.dir, "sim", "shop.moments.jsonl"));
    const ds = newOut();
    expect(cartlift("ingest", csv, "--out", ds, "-q").status).toBe(0);
    const truth = cartlift("simulate", "truth", "--world", report.files.world, "--policy", "logging", "--json");
    expect(truth.status, truth.stderr).toBe(0);
    expect(JSON.parse(truth.stdout).moments).toBe(report.moments);
    expect(cartlift("simulate", "--out", csv, "--users", "many").status).toBe(2);
    const epsilon = cartlift("simulate", "--out", csv, "--widget", "epsilon-greedy", "--epsilon", "abc");
    expect(epsilon.status).toBe(2); // was read as NaN and accepted
    expect(epsilon.stderr).toContain('--epsilon: "abc" is not a share');
    expect(cartlift("simulate", "--out", join(tmp.dir, "sim", "x.csv"), "--format", "parquet").status).toBe(2);
    expect(
      cartlift("simulate", "truth", "--world", join(tmp.dir, "nope.world.json"), "--policy", "logging").status,
    ).toBe(2);
  });
});
