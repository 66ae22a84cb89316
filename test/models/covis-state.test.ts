import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { simulate } from "../../src/pipeline/simulate.js";
import { train } from "../../src/pipeline/train.js";
import { readStateFiles } from "../../src/io/covis-state-files.js";
import { decodeState } from "../../src/models/covis/state/covis-state.js";
import { parseStateSize } from "../../src/models/covis/state/state-options.js";
import type { GivenOptions } from "../../src/models/option-table.js";
import { tempDir } from "../helpers.js";

// Daily increments (docs/scale-out.md#daily-increments): a chain of --incremental runs against a full retrain.
const tmp = tempDir("cartlift-covis-state-");
let data = "";
let other = "";
const day = (d: number) => Date.parse("2024-01-01T00:00:00Z") + d * 86_400_000;
let serial = 0;

beforeAll(async () => {
  data = tmp.path("shop");
  await simulate({ out: data, config: { users: 1500, items: 600, days: 6, seed: 11 } });
  other = tmp.path("other");
  await simulate({ out: other, config: { users: 300, items: 600, days: 6, seed: 12 } });
}, 120_000);

async function trainTo(until: number, options: GivenOptions, dataset = data): Promise<Buffer> {
  const out = tmp.path(`m${serial++}.model`);
  await train({ kind: "covis", data: dataset, out, until, threads: 1, options });
  return readFileSync(out);
}

/** Full retrain at each day's end against a chain: --state at day 2, then --incremental at each later cut. */
async function chain(options: GivenOptions, cuts: number[], stateK = "all") {
  const dir = tmp.path(`state${serial++}`);
  const withState = { ...options, state: dir, "state-k": parseStateSize(stateK, "--state-k") };
  const first = await trainTo(cuts[0], withState);
  expect(first.equals(await trainTo(cuts[0], options))).toBe(true); // --state alone changes nothing
  const pairs: { full: Buffer; incremental: Buffer }[] = [];
  for (const cut of cuts.slice(1))
    pairs.push({
      incremental: await trainTo(cut, { ...withState, incremental: true }),
      full: await trainTo(cut, options),
    });
  return { dir, pairs };
}

describe("train covis --state / --incremental", () => {
  it("with integer weights (no position or time decay) an untruncated chain equals the full retrain byte for byte", async () => {
    // every pair weight is an event-type weight (1, 6, 3, 4): the sums are exact integers in any order
    const { pairs } = await chain({ "position-decay": false }, [day(2), day(3), day(3.5), day(5), day(6)]);
    for (const { full, incremental } of pairs) expect(incremental.equals(full)).toBe(true);
  }, 120_000);

  it("with position decay, a half-life and user timelines an untruncated chain equals the full retrain", async () => {
    // the sums differ from the full count's only in float summation order (ulps); scores are rounded to 1e-9 before
    // ranking, so the files are the same unless a score lies within an ulp of a rounding boundary
    const options = { scope: "user", "half-life": 2 * 86_400_000, normalise: "cosine" };
    const { pairs } = await chain(options, [day(2), day(4), day(6)]);
    for (const { full, incremental } of pairs) expect(incremental.equals(full)).toBe(true);
  }, 120_000);

  it("with --state-k k the stored weights never exceed the untruncated ones and the model differs", async () => {
    const cuts = [day(2), day(3), day(4), day(5)];
    const exact = await chain({ k: 5 }, cuts, "all");
    const cut = await chain({ k: 5 }, cuts, "1k");
    const read = (dir: string) => decodeState(readStateFiles(dir)!, dir).lists[0].rows;
    const [all, kept] = [read(exact.dir), read(cut.dir)];
    const weight = new Map<string, number>();
    for (let r = 0; r < all.anchors.length; r++)
      for (let q = all.starts[r]; q < all.starts[r + 1]; q++) weight.set(`${all.anchors[r]} ${all.b[q]}`, all.w[q]);
    let checked = 0;
    for (let r = 0; r < kept.anchors.length; r++) {
      expect(kept.starts[r + 1] - kept.starts[r]).toBeLessThanOrEqual(5);
      for (let q = kept.starts[r]; q < kept.starts[r + 1]; q++, checked++)
        expect(kept.w[q]).toBeLessThanOrEqual(weight.get(`${kept.anchors[r]} ${kept.b[q]}`)! * (1 + 1e-12));
    }
    expect(checked).toBeGreaterThan(100);
    expect(cut.pairs.some(({ full, incremental }) => !incremental.equals(full))).toBe(true);
  }, 120_000);

  it("refuses a state counted with other options, naming the option (exit 2)", async () => {
    const dir = tmp.path("state-gap");
    await trainTo(day(2), { state: dir });
    await expect(trainTo(day(3), { state: dir, incremental: true, "max-gap": 10 })).rejects.toMatchObject({
      code: "state_mismatch",
      exitCode: 2,
      message: expect.stringContaining("--max-gap 30, this run asks for 10"),
    });
  }, 60_000);

  it("refuses a state from another dataset, naming the source", async () => {
    const dir = tmp.path("state-other");
    await trainTo(day(2), { state: dir });
    await expect(trainTo(day(3), { state: dir, incremental: true }, other)).rejects.toMatchObject({
      code: "state_mismatch",
      message: expect.stringMatching(
        /was counted from .*events\.csv .*which the dataset (lacks|holds with other bytes)/,
      ),
    });
  }, 60_000);

  it("refuses an end before the state's, and --incremental without a state", async () => {
    const dir = tmp.path("state-end");
    await trainTo(day(3), { state: dir });
    await expect(trainTo(day(2), { state: dir, incremental: true })).rejects.toMatchObject({
      code: "state_mismatch",
      message: expect.stringContaining("after this run's end"),
    });
    await expect(trainTo(day(3), { state: tmp.path("none"), incremental: true })).rejects.toMatchObject({
      code: "usage",
      message: expect.stringContaining("holds no state yet"),
    });
    await expect(trainTo(day(3), { incremental: true })).rejects.toMatchObject({ code: "usage" });
    await expect(trainTo(day(3), { state: dir, engine: "auto" })).rejects.toMatchObject({ code: "usage" });
  }, 60_000);

  it("refuses a --state folder holding other files and leaves them", async () => {
    const dir = tmp.path("state-foreign");
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "mine");
    await expect(trainTo(day(2), { state: dir })).rejects.toMatchObject({ code: "not_a_state", exitCode: 2 });
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
  }, 60_000);

  it("a failed model write leaves the state as it was; a crashed state write's leftover is ignored, then removed", async () => {
    const dir = tmp.path("state-crash");
    const all = { state: dir, "state-k": parseStateSize("all", "") };
    await trainTo(day(2), all);
    const header = readFileSync(join(dir, "state.json"));
    const blocker = tmp.file("blocker", "a file where the model's folder should be");
    await expect(
      train({
        kind: "covis",
        data,
        out: join(blocker, "m.model"),
        until: day(3),
        options: { ...all, incremental: true },
      }),
    ).rejects.toMatchObject({ exitCode: 2 });
    expect(readFileSync(join(dir, "state.json")).equals(header)).toBe(true);
    // a kill between the new generation's files and the header's rename leaves g2 half-written beside g1
    mkdirSync(join(dir, "g2"));
    writeFileSync(join(dir, "g2", "covisit.w.bin"), "partial");
    const incremental = await trainTo(day(3), { ...all, incremental: true });
    expect(incremental.equals(await trainTo(day(3), {}))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["g2", "state.json"]);
    expect(existsSync(join(dir, "g2", "items.json"))).toBe(true);
  }, 60_000);
});
