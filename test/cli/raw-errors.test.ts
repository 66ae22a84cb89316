import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, tempDir } from "../helpers.js";

/**
 * Errors that used to surface raw (EISDIR, a model file's header read as CSV, 40 lines of help after an unknown
 * flag): each is now one line naming the culprit, a one-line hint, and exit 2. Runs the built CLI (npm test builds).
 */
const BIN = join(REPO, "bin", "cartlift.js");
const tmp = tempDir("cartlift-raw-errors-");
const folder = tmp.path("a-folder");
mkdirSync(folder);

function cartlift(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return {
    status: r.status,
    stderr: r.stderr.split("\n").filter((l) => l && !/^\w+: (reading|loading|counting)/.test(l)),
  };
}

function expectOneLine(r: ReturnType<typeof cartlift>, message: RegExp) {
  expect(r.status).toBe(2);
  expect(r.stderr[0]).toMatch(message);
  expect(r.stderr.length).toBeLessThanOrEqual(2);
  if (r.stderr[1]) expect(r.stderr[1]).toMatch(/^ {2}hint: /);
  expect(r.stderr.join("\n")).not.toMatch(/EISDIR|internal error|at \w+ \(/);
}

describe("raw errors become one line with a hint", () => {
  it("cartlift ingest <model file> says it is a model file, not an event log", () => {
    const model = tmp.file("m.model", Buffer.concat([Buffer.from("CARTLIFT"), Buffer.alloc(64)]));
    expectOneLine(
      cartlift("ingest", model, "--out", tmp.path("o1")),
      /m\.model is a cartlift model file, not an event log/,
    );
  });

  it("cartlift ingest <events.arrow> says it is an Arrow file and to pass the dataset folder", () => {
    const arrow = tmp.file("events.arrow", Buffer.concat([Buffer.from("ARROW1"), Buffer.alloc(64)]));
    expectOneLine(cartlift("ingest", arrow, "--out", tmp.path("o2")), /is an Arrow file/);
  });

  it("cartlift ingest with an unknown flag prints one error line and a one-line hint, not the help", () => {
    const csv = tmp.file("e.csv", "user_id,item_id,ts\nu,i,2024-01-01\n");
    const r = cartlift("ingest", csv, "--out", tmp.path("o3"), "--bogus");
    expectOneLine(r, /unknown option '--bogus'/);
  });

  it("cartlift run <folder> says the pipeline file is a folder", () => {
    expectOneLine(cartlift("run", folder, "--out", tmp.path("r")), /a-folder is a folder, not a pipeline file/);
  });

  it("cartlift evaluate --models <folder> says the models config is a folder", () => {
    const r = cartlift("evaluate", "--data", folder, "--models", folder);
    expect(r.status).toBe(2);
    expect(r.stderr.join("\n")).not.toMatch(/EISDIR/);
  });

  it("cartlift train --out <folder> is refused before training, naming the folder", () => {
    const data = tmp.path("d");
    const csv = tmp.file("t.csv", "user_id,item_id,ts,event\nu,i,2024-01-01,view\nu,j,2024-01-01T00:01:00Z,view\n");
    expect(cartlift("ingest", csv, "--out", data).status).toBe(0);
    expectOneLine(
      cartlift("train", "covis", "--data", data, "--out", folder),
      /a-folder is a folder; give a file path/,
    );
  });
});

describe("help text", () => {
  it("cartlift evaluate --help lists every trainable kind, item2vec and rerank included", () => {
    const r = spawnSync(process.execPath, [BIN, "evaluate", "--help"], { cwd: REPO, encoding: "utf8" });
    expect(r.stdout.replace(/\s+/g, " ")).toContain("a kind (covis, popular, history, item2vec, rerank)");
  });
});

writeFileSync(join(folder, ".keep"), "");
