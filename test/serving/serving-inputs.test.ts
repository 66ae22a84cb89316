import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { train } from "../../src/pipeline/train.js";
import { recommendBatch } from "../../src/pipeline/recommend.js";
import { DEFAULT_K, loadModel, type ServingModel } from "../../src/serving/index.js";
import { InputError } from "../../src/errors.js";
import { REPO, tempDir } from "../helpers.js";

/** What a caller may pass: no k, numeric ids, ISO times in batch query lines. */
const tmp = tempDir("cartlift-serving-inputs-");
const modelPath = tmp.path("otto.model");
let m: ServingModel;
let popular: string[];

beforeAll(async () => {
  const data = tmp.path("otto");
  // OTTO's item ids ("aid") are numbers in the JSON, stored as their decimal text
  await ingest({ inputs: [join(REPO, "datasets/otto-20-sessions/train_first20.jsonl")], preset: "otto", out: data });
  await train({ kind: "covis", data, out: modelPath, threads: 1 });
  m = loadModel(modelPath);
  popular = m.recommend({ history: [], k: 30 }).items;
});

describe("ServingModel.recommend and similarItems", () => {
  it("recommend({ history }) without k returns DEFAULT_K (10) items", () => {
    expect(DEFAULT_K).toBe(10);
    expect(m.recommend({ history: [{ item: popular[0] }] }).items).toHaveLength(10);
    expect(m.recommend({ history: [] }).items).toHaveLength(10);
  });

  it("recommend with numeric item ids answers as with their decimal strings", () => {
    const ids = popular.slice(0, 3);
    expect(ids.every((id) => /^\d+$/.test(id))).toBe(true);
    const asText = m.recommend({ history: ids.map((item) => ({ item })), k: 8, exclude: [ids[1]] });
    const asNumber = m.recommend({
      history: ids.map((item) => ({ item: Number(item) })),
      k: 8,
      exclude: [Number(ids[1])],
    });
    expect(asNumber).toEqual(asText);
    expect(asNumber.unknownItems).toBe(0);
    expect(m.similarItems(Number(ids[0]), 5)).toEqual(m.similarItems(ids[0], 5));
    expect(m.knows(Number(ids[0]))).toBe(true);
  });

  it("recommend with an item id that is neither string nor number throws a TypeError naming the field", () => {
    const bad = { item: { id: 1 } } as unknown as { item: string };
    expect(() => m.recommend({ history: [{ item: popular[0] }, bad] })).toThrow(
      new TypeError("history[1].item must be a string or a number (an item id), got object"),
    );
    expect(() => m.recommend({ history: [], exclude: [null as unknown as string] })).toThrow(/exclude\[0\] must be/);
    expect(() => m.recommend({ history: [], k: -1 })).toThrow(RangeError);
  });
});

describe("recommend --queries times", () => {
  it("recommendBatch reads ts as epoch ms or ISO 8601 and answers both lines alike", async () => {
    const ms = Date.UTC(2022, 7, 1, 12);
    const history = (ts: number | string) => [
      { item: popular[0], event: "view", ts },
      { item: popular[1], ts },
    ];
    const file = tmp.file(
      "q.jsonl",
      [
        JSON.stringify({ id: "epoch", history: history(ms) }),
        JSON.stringify({ id: "iso", history: history("2022-08-01T12:00:00Z") }),
        JSON.stringify({ id: "zoneless", history: history("2022-08-01 12:00:00") }),
      ].join("\n") + "\n",
    );
    await recommendBatch(modelPath, file, tmp.path("a.jsonl"), { k: 5, excludeHistory: false, threads: 1 });
    const out = readFileSync(tmp.path("a.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(["epoch", "iso", "zoneless"]);
    expect(out[1].items).toEqual(out[0].items);
    expect(out[2].items).toEqual(out[0].items);
  });

  it("recommendBatch refuses a ts that is no time, naming file, line and field", async () => {
    const file = tmp.path("bad.jsonl");
    writeFileSync(file, JSON.stringify({ id: 1, history: [{ item: popular[0], ts: "yesterday" }] }) + "\n");
    const e = await recommendBatch(modelPath, file, tmp.path("b.jsonl"), {
      k: 5,
      excludeHistory: false,
      threads: 1,
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).message).toMatch(/bad\.jsonl:1: history\[0\]\.ts "yesterday" is not a time/);
  });
});
