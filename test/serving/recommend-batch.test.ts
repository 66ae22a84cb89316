import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { train } from "../../src/pipeline/train.js";
import { recommendBatch } from "../../src/pipeline/recommend.js";
import { lineRanges } from "../../src/io/line-ranges.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { loadModel } from "../../src/serving/serving-model.js";
import { REPO, seeded, tempDir } from "../helpers.js";

const tmp = tempDir();
const queries = tmp.path("queries.jsonl");
const model = tmp.path("covis.model");
let lines: string[];

beforeAll(async () => {
  const data = tmp.path("rees46");
  await ingest({
    inputs: [join(REPO, "datasets/rees46-oct2019-sample/rees46-sample.csv")],
    preset: "rees46",
    out: data,
  });
  await train({ kind: "covis", data, out: model, threads: 1 });
  const { table: t } = readDataset(data);
  const rnd = seeded(5);
  lines = Array.from({ length: 3000 }, (_, q) => {
    const history = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => {
      const i = Math.floor(rnd() * t.length);
      return { item: t.dicts.item.get(t.item[i]), event: "view", ts: t.ts[i] };
    });
    return JSON.stringify({ id: `q${q}`, history, ...(q % 7 === 0 ? { k: 3 } : {}) });
  });
  writeFileSync(queries, lines.join("\n") + "\n");
});

describe("lineRanges", () => {
  it("lineRanges(file, 4) cuts at line starts, covers the file and knows each range's first line", () => {
    const text = readFileSync(queries);
    const ranges = lineRanges(queries, 4);
    expect(ranges).toHaveLength(4);
    expect(ranges[0].start).toBe(0);
    expect(ranges[3].end).toBe(text.length);
    for (let r = 1; r < ranges.length; r++) {
      expect(ranges[r].start).toBe(ranges[r - 1].end);
      expect(text[ranges[r].start - 1]).toBe(10);
      const before = text.subarray(0, ranges[r].start).toString().split("\n").length;
      expect(ranges[r].firstLine).toBe(before);
    }
  });
});

describe("recommendBatch", () => {
  it("recommendBatch on 3 threads writes the same bytes as on one, one line per query in order", async () => {
    const one = await recommendBatch(model, queries, tmp.path("one.jsonl"), {
      k: 10,
      excludeHistory: false,
      threads: 1,
    });
    const three = await recommendBatch(model, queries, tmp.path("three.jsonl"), {
      k: 10,
      excludeHistory: false,
      threads: 3,
      parallelMinBytes: 0,
    });
    expect(three.threads).toBe(3);
    expect(readFileSync(tmp.path("three.jsonl")).equals(readFileSync(tmp.path("one.jsonl")))).toBe(true);
    const out = readFileSync(tmp.path("one.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(lines.map((l) => JSON.parse(l).id));
    expect(out[0].items).toHaveLength(3); // q0 asks for k 3
    expect(out[1].items).toHaveLength(10);
    expect(one.queries).toBe(3000);
    // the steady state leaves out start-up and the model load: never slower than end to end
    for (const r of [one, three]) {
      expect(r.modelLoadSeconds).toBeGreaterThan(0);
      expect(r.modelLoadSeconds).toBeLessThan(r.seconds);
      expect(r.steadyQueriesPerSecond).toBeGreaterThanOrEqual(r.queriesPerSecond);
    }
  });

  it("each output line is loadModel(...).recommend's answer, for lines read from bytes and lines left to JSON.parse alike", async () => {
    const serving = loadModel(model);
    const ids = lines.slice(0, 50).flatMap((l) => JSON.parse(l).history.map((e: { item: string }) => e.item));
    const rnd = seeded(8);
    const queries: {
      id: unknown;
      history: { item: string; event?: string; ts?: number }[];
      k?: number;
      exclude?: string[];
    }[] = Array.from({ length: 400 }, (_, q) => ({
      id: q % 5 === 0 ? `q"${q}` : q,
      history: Array.from({ length: Math.floor(rnd() * 6) }, (_, x) => ({
        item: ids[Math.floor(rnd() * ids.length)],
        ...(rnd() < 0.5 ? { event: "cart_add" } : {}),
        ...(rnd() < 0.7 ? { ts: 1_600_000_000_000 + x } : {}),
      })),
      ...(q % 3 === 0 ? { k: 4 } : {}),
      ...(q % 4 === 0 ? { exclude: [ids[q % ids.length], "nope"] } : {}),
    }));
    // plain lines, lines with escapes (left to JSON.parse), extra keys and odd spacing, a blank line
    const text = queries.map((q, n) =>
      n % 7 === 0
        ? JSON.stringify(q, null, 0).replace(/"item":"/g, '"item" : "')
        : n % 11 === 0
          ? JSON.stringify({ ...q, user: { u: [1, null] } }).replace("history", "\\u0068istory")
          : JSON.stringify(q),
    );
    const file = tmp.path("mixed.jsonl");
    writeFileSync(file, text.join("\n") + "\n\n");
    for (const threads of [1, 2]) {
      const out = tmp.path(`mixed-${threads}.jsonl`);
      const r = await recommendBatch(model, file, out, {
        k: 10,
        excludeHistory: threads === 2,
        threads,
        parallelMinBytes: 0,
      });
      expect(r.queries).toBe(queries.length);
      const got = readFileSync(out, "utf8").trimEnd().split("\n");
      queries.forEach((q, n) => {
        const exclude = [...(q.exclude ?? []), ...(threads === 2 ? q.history.map((e) => e.item) : [])];
        const a = serving.recommend({ history: q.history, k: q.k ?? 10, exclude });
        expect(got[n]).toBe(JSON.stringify({ id: q.id, items: a.items, scores: a.scores }));
      });
    }
  });

  it("reads a file saved with a byte order mark, Windows line ends, blank lines and no final newline", async () => {
    const plain = lines.slice(0, 3);
    const file = tmp.path("windows.jsonl");
    writeFileSync(file, "\uFEFF" + [plain[0], "", plain[1], "  ", plain[2]].join("\r\n"));
    const expected = tmp.path("windows-expected.jsonl");
    writeFileSync(tmp.path("unix.jsonl"), plain.join("\n") + "\n");
    await recommendBatch(model, tmp.path("unix.jsonl"), expected, { k: 10, excludeHistory: false, threads: 1 });
    const r = await recommendBatch(model, file, tmp.path("windows-out.jsonl"), {
      k: 10,
      excludeHistory: false,
      threads: 1,
    });
    expect(r.queries).toBe(3);
    expect(readFileSync(tmp.path("windows-out.jsonl"), "utf8")).toBe(readFileSync(expected, "utf8"));
  });

  it("lines across read-buffer boundaries and a line longer than the buffer are answered as the loader answers them", async () => {
    const serving = loadModel(model);
    const known = lines.slice(0, 50).flatMap((l) => JSON.parse(l).history.map((e: { item: string }) => e.item));
    // 14,000 lines of about 200 bytes (several 1 MiB reads), then one line of about 1.6 MiB
    const many = Array.from({ length: 14000 }, (_, q) => lines[q % lines.length]);
    const long = JSON.stringify({
      id: "long",
      history: Array.from({ length: 30000 }, (_, x) => ({ item: known[x % known.length], ts: 1_600_000_000_000 + x })),
    });
    const file = tmp.path("big.jsonl");
    writeFileSync(file, [...many, long, lines[1]].join("\n") + "\n");
    const out = tmp.path("big-out.jsonl");
    const r = await recommendBatch(model, file, out, { k: 10, excludeHistory: false, threads: 1 });
    expect(r.queries).toBe(many.length + 2);
    const got = readFileSync(out, "utf8").trimEnd().split("\n");
    [...many, long, lines[1]].forEach((line, n) => {
      const q = JSON.parse(line);
      const a = serving.recommend({ history: q.history, k: q.k ?? 10 });
      expect(got[n]).toBe(JSON.stringify({ id: q.id, items: a.items, scores: a.scores }));
    });
  });

  it("a bad line in a later range is reported with the file's own line number, and nothing is written", async () => {
    const broken = tmp.path("broken.jsonl");
    const bad = [...lines];
    bad[2500] = '{"id": "x", "history": "not a list"}';
    writeFileSync(broken, bad.join("\n") + "\n");
    const out = tmp.path("broken-out.jsonl");
    await expect(
      recommendBatch(model, broken, out, { k: 10, excludeHistory: false, threads: 3, parallelMinBytes: 0 }),
    ).rejects.toThrow(/broken.jsonl:2501: "history" must be a list/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.part2`)).toBe(false);
  });

  it("with bad lines in several ranges, the first bad line of the file is the one reported", async () => {
    const broken = tmp.path("broken2.jsonl");
    const bad = [...lines];
    bad[lines.length - 10] = "{not json";
    bad[1200] = '{"history": []}';
    writeFileSync(broken, bad.join("\n") + "\n");
    for (let run = 0; run < 3; run++)
      await expect(
        recommendBatch(model, broken, tmp.path("broken2-out.jsonl"), {
          k: 10,
          excludeHistory: false,
          threads: 3,
          parallelMinBytes: 0,
        }),
      ).rejects.toThrow(/broken2.jsonl:1201: no "id"/);
  });

  it("a file with fewer lines than threads answers on fewer threads, and spare workers end", async () => {
    const small = tmp.path("small.jsonl");
    writeFileSync(small, lines.slice(0, 2).join("\n") + "\n");
    const r = await recommendBatch(model, small, tmp.path("small-out.jsonl"), {
      k: 10,
      excludeHistory: false,
      threads: 4,
      parallelMinBytes: 0,
    });
    expect(r.queries).toBe(2);
    expect(r.threads).toBeLessThanOrEqual(2);
    const one = await recommendBatch(model, small, tmp.path("small-one.jsonl"), {
      k: 10,
      excludeHistory: false,
      threads: 1,
    });
    expect(readFileSync(tmp.path("small-out.jsonl"), "utf8")).toBe(readFileSync(tmp.path("small-one.jsonl"), "utf8"));
    expect(one.queries).toBe(2);
  });
});
