import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { run } from "../../src/pipeline/run.js";
import { simulate } from "../../src/pipeline/simulate.js";
import { readStateFiles } from "../../src/io/covis-state-files.js";
import { tempDir } from "../helpers.js";

// export.state: the nightly run trains the shipped covis model from a state folder, incrementally once it holds one.
const tmp = tempDir("cartlift-run-state-");
const parts: string[] = [];

beforeAll(async () => {
  const csv = tmp.path("shop.csv");
  await simulate({ out: csv, config: { users: 800, items: 300, days: 6, seed: 5 } });
  // the log as two daily drops: days 1-4, then days 5-6
  const [header, ...rows] = readFileSync(csv, "utf8").trimEnd().split("\n");
  const early = rows.filter((r) => r < "2024-01-05");
  parts.push(tmp.file("days-1-4.csv", [header, ...early, ""].join("\n")));
  parts.push(tmp.file("days-5-6.csv", [header, ...rows.filter((r) => r >= "2024-01-05"), ""].join("\n")));
  expect(early.length).toBeGreaterThan(1000);
}, 60_000);

function pipeline(inputs: string[], state?: string): string {
  const path = tmp.path(`pipeline-${inputs.length}-${state ? "state" : "none"}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      name: "nightly",
      ingest: { inputs },
      models: [{ name: "covis", spec: "covis" }],
      evaluate: { protocol: "session-next", k: [20], primary: "HR@20", bootstrap: 50 },
      export: { model: "covis", quantize: "none", ...(state ? { state, stateK: "all" } : {}) },
    }),
  );
  return path;
}

describe("cartlift run with export.state", () => {
  it("run() counts the second night's new day into the state and ships the model a full retrain ships", async () => {
    const state = tmp.path("state");
    await run({ pipeline: pipeline(parts.slice(0, 1), state), out: tmp.path("night-1") });
    const first = readStateFiles(state)!.header;
    const second = await run({ pipeline: pipeline(parts, state), out: tmp.path("night-2") });
    const after = readStateFiles(state)!.header;
    expect(Date.parse(first.until as string)).toBeLessThanOrEqual(Date.parse("2024-01-05"));
    expect([first.generation, after.generation]).toEqual(["g1", "g2"]);
    expect(Date.parse(after.until as string)).toBeGreaterThan(Date.parse(first.until as string));
    const full = await run({ pipeline: pipeline(parts), out: tmp.path("full") });
    expect(second.artifact.sha256).toBe(full.artifact.sha256);
  }, 240_000);
});
