import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { train } from "../../src/pipeline/train.js";
import { exportModel } from "../../src/pipeline/export.js";
import { loadModelFromBytes } from "../../src/serving/index.js";
import { parseModel } from "../../src/artifact/read-model.js";
import { writeModelFile as writeModel } from "../../src/io/write-model-file.js";
import type { ModelManifest, SectionArray } from "../../src/artifact/format.js";
import { InputError } from "../../src/errors.js";
import { REPO, seeded, tempDir } from "../helpers.js";

/**
 * Mutation fuzz of the serving path: model files damaged by byte flips, truncation, and (with every
 * checksum recomputed, as a hostile or buggy writer would) by changed manifest values and section contents.
 * Loading and then answering recommend and similarItems must succeed or end in an InputError naming the
 * file; no TypeError, RangeError or hang.
 */
const tmp = tempDir("cartlift-mutation-");
const files: { name: string; bytes: Buffer }[] = [];
let ids: string[] = [];

beforeAll(async () => {
  const data = tmp.path("otto");
  await ingest({ inputs: [join(REPO, "datasets/otto-20-sessions/train_first20.jsonl")], preset: "otto", out: data });
  for (const kind of ["covis", "history", "covis:0.6+history:0.4", "item2vec"]) {
    const out = tmp.path(`${files.length}.model`);
    await train({ kind, data, out, threads: 1 });
    files.push({ name: kind, bytes: readFileSync(out) });
  }
  exportModel({ model: tmp.path("0.model"), out: tmp.path("q8.artifact"), quantize: 8 });
  files.push({ name: "covis q8", bytes: readFileSync(tmp.path("q8.artifact")) });
  const m = loadModelFromBytes(files[0].bytes, "probe");
  ids = m.recommend({ history: [], k: 30 }).items;
});

function outcome(bytes: Uint8Array): string {
  try {
    const m = loadModelFromBytes(bytes, "fuzzed");
    const history = ids.slice(0, 4).map((item, x) => ({ item, event: x === 2 ? "cart_add" : "view", ts: 1e12 + x }));
    m.recommend({ history, k: 10 });
    m.recommend({ history: [{ item: "unknown" }], k: 5, exclude: [ids[0]] });
    m.recommend({ history: [], k: 3 });
    for (const id of ids.slice(0, 5)) m.similarItems(id, 10);
    return "ok";
  } catch (e) {
    if (!(e instanceof InputError)) throw new Error(`not an InputError: ${(e as Error).stack}`, { cause: e });
    expect(e.message).toContain("fuzzed");
    return e.code;
  }
}

/** A value of another shape, for replacing one in a manifest. */
const ODD: unknown[] = [null, -1, 0, 1.5, 1e308, "x", "", "Infinity", [], [1, "a"], {}, { a: 1 }, true];

/** All paths (key lists) to values in a JSON tree. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (v && typeof v === "object")
    for (const [k, c] of Object.entries(v)) paths(c, [...at, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let o = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]] = value;
}

describe("serving a mutated model file", () => {
  it("loadModelFromBytes, recommend and similarItems on 1,500 byte-flipped files: ok or InputError", () => {
    const rnd = seeded(23);
    const codes = new Map<string, number>();
    for (const f of files)
      for (let t = 0; t < 300; t++) {
        const bytes = new Uint8Array(f.bytes);
        const flips = 1 + Math.floor(rnd() * 3);
        // half the flips land in the first 4 KiB, where the header is
        for (let x = 0; x < flips; x++) {
          const span = rnd() < 0.5 ? Math.min(4096, bytes.length) : bytes.length;
          bytes[Math.floor(rnd() * span)] ^= 1 << Math.floor(rnd() * 8);
        }
        const c = outcome(bytes);
        codes.set(c, (codes.get(c) ?? 0) + 1);
      }
    expect(codes.get("bad_model")).toBeGreaterThan(0);
  });

  it("a flipped byte anywhere in the header is refused as bad_model (the header is checksummed)", () => {
    for (const f of files) {
      const h = f.bytes.readUInt32LE(12);
      for (let p = 16; p < 16 + h; p += Math.max(1, Math.floor(h / 60))) {
        const bytes = new Uint8Array(f.bytes);
        bytes[p] ^= 0x04;
        expect(outcome(bytes)).toBe("bad_model");
      }
    }
  });

  it("every truncation of each model is refused", () => {
    for (const f of files) {
      const step = Math.max(1, Math.floor(f.bytes.length / 150));
      for (let n = 0; n < f.bytes.length; n += step) expect(outcome(f.bytes.subarray(0, n))).not.toBe("ok");
    }
  });

  it("each manifest value replaced by a value of another shape, checksums recomputed: ok or InputError", () => {
    const rnd = seeded(5);
    let trials = 0;
    for (const f of files) {
      const { manifest, sections } = parseModel(f.bytes, f.name);
      const all = paths(manifest).filter((p) => p.length > 0);
      for (const p of all)
        for (let t = 0; t < 3; t++) {
          const m = structuredClone(manifest) as unknown as Record<string, unknown>;
          setAt(m, p, ODD[Math.floor(rnd() * ODD.length)]);
          const out = tmp.path(`mut-${trials++}.model`);
          writeModel(out, m as unknown as ModelManifest, Object.fromEntries(sections));
          outcome(readFileSync(out));
        }
    }
    expect(trials).toBeGreaterThan(100);
  });

  it("section values overwritten (out of range, negative, NaN), checksums recomputed: ok or InputError", () => {
    const rnd = seeded(9);
    const values = [-1, 2 ** 31 - 1, 1e9, NaN, -Infinity, 0];
    let trials = 0;
    for (const f of files) {
      const { manifest, sections } = parseModel(f.bytes, f.name);
      for (const [name, arr] of sections) {
        if (arr.length === 0) continue;
        for (let t = 0; t < 4; t++) {
          // a Buffer's slice() is a view, not a copy: copy through Uint8Array's
          const copy = (Buffer.isBuffer(arr) ? new Uint8Array(arr) : arr.slice()) as SectionArray;
          const v = values[Math.floor(rnd() * values.length)];
          copy[Math.floor(rnd() * copy.length)] = v;
          const all: Record<string, SectionArray> = Object.fromEntries(sections);
          all[name] = copy;
          const out = tmp.path(`sec-${trials++}.model`);
          writeModel(out, manifest, all);
          outcome(readFileSync(out));
        }
      }
    }
    expect(trials).toBeGreaterThan(50);
  });
});

describe("what the model reader opens", () => {
  it("loadModel('/dev/zero') is refused as not a regular file without reading it", async () => {
    const { loadModel } = await import("../../src/serving/index.js");
    const before = process.memoryUsage().rss;
    expect(() => loadModel("/dev/zero")).toThrow(/not a regular file \(a device or pipe\)/);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 << 20);
    expect(() => loadModel(tmp.dir)).toThrow(/not a regular file \(a folder\)/);
  });

  it("a version 1.1 file (no header checksum) still loads, and a 1.2 file without its checksum is refused", () => {
    const f = files[0].bytes;
    const h = f.readUInt32LE(12);
    const { manifest, sections } = parseModel(f, "probe");
    expect(parseModel(f, "probe").version).toBe("1.2");
    // a 1.1 file: the same header and sections, no checksum after the header
    const old = Buffer.from(f);
    old.writeUInt16LE(1, 10);
    old.fill(0, 16 + h, 16 + h + 4);
    const loaded = loadModelFromBytes(old, "old");
    expect(loaded.manifest).toEqual(loadModelFromBytes(f, "new").manifest);
    expect(Object.keys(manifest).length).toBeGreaterThan(0);
    expect(sections.size).toBeGreaterThan(0);
    const unchecked = Buffer.from(f);
    unchecked.fill(0, 16 + h, 16 + h + 4);
    expect(() => loadModelFromBytes(unchecked, "zeroed")).toThrow(/header fails its checksum/);
  });
});
