import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { train } from "../../src/pipeline/train.js";
import { exportModel } from "../../src/pipeline/export.js";
import { loadModel, loadModelBytes } from "../../src/models/model-reader.js";
import { writeModelFile as writeModel } from "../../src/io/write-model-file.js";
import { BYTES } from "../../src/artifact/format.js";
import { InputError } from "../../src/errors.js";
import { REPO, seeded, tempDir } from "../helpers.js";

const tmp = tempDir();
let trained: Buffer;
let artifact: Buffer;

beforeAll(async () => {
  const data = tmp.path("otto");
  await ingest({ inputs: [join(REPO, "datasets/otto-20-sessions/train_first20.jsonl")], preset: "otto", out: data });
  await train({ kind: "covis:0.6+history:0.4", data, out: tmp.path("m.model"), threads: 1 });
  exportModel({ model: tmp.path("m.model"), out: tmp.path("m.artifact"), quantize: 16 });
  trained = readFileSync(tmp.path("m.model"));
  artifact = readFileSync(tmp.path("m.artifact"));
});

/**
 * The byte ranges a checksum protects: every section, and the JSON header once it carries a checksum of its own (a
 * `crc32` field next to `sections`), so that this fuzz covers it without change.
 */
function checkedRegions(file: Buffer): { name: string; from: number; to: number; error: RegExp }[] {
  const headerLength = file.readUInt32LE(12);
  const header = JSON.parse(file.toString("utf8", 16, 16 + headerLength));
  const regions = (header.sections as { name: string; dtype: keyof typeof BYTES; length: number; offset: number }[])
    .filter((e) => e.length > 0)
    .map((e) => ({
      name: e.name,
      from: e.offset,
      to: e.offset + e.length * BYTES[e.dtype],
      error: new RegExp(`section "${e.name}" fails its checksum`),
    }));
  if ("crc32" in header) regions.push({ name: "header", from: 16, to: 16 + headerLength, error: /header|checksum/ });
  return regions;
}

/** Loading must end in a clear InputError (or succeed), never another exception. */
function outcome(bytes: Uint8Array): "ok" | string {
  try {
    const m = loadModelBytes(bytes, "fuzzed");
    m.model.recommend([{ item: 0, kind: 0, ts: 0 }], { k: 5 });
    return "ok";
  } catch (e) {
    if (!(e instanceof InputError)) throw new Error(`not an InputError: ${(e as Error).stack}`, { cause: e });
    expect(e.message).toContain("fuzzed");
    return e.code;
  }
}

describe("model reader fuzzing", () => {
  it("every truncation of a model file is refused with a clear error", () => {
    for (const file of [trained, artifact]) {
      const step = Math.max(1, Math.floor(file.length / 400));
      for (let n = 0; n < file.length; n += step) expect(outcome(file.subarray(0, n))).not.toBe("ok");
    }
  });

  it("flipped bytes are refused (checksums, header) or harmless, never a crash", () => {
    const rnd = seeded(17);
    const codes = new Set<string>();
    for (const file of [trained, artifact])
      for (let trial = 0; trial < 600; trial++) {
        const bytes = new Uint8Array(file);
        const flips = 1 + Math.floor(rnd() * 3);
        for (let f = 0; f < flips; f++) bytes[Math.floor(rnd() * bytes.length)] ^= 1 << Math.floor(rnd() * 8);
        codes.add(outcome(bytes));
      }
    expect(codes.has("bad_model")).toBe(true);
  });

  it("a byte flipped anywhere inside a checksummed region is refused as corrupted, in every region of both files", () => {
    const rnd = seeded(23);
    for (const file of [trained, artifact]) {
      const regions = checkedRegions(file);
      expect(regions.length).toBeGreaterThan(5);
      for (const r of regions) {
        // the first and last byte of the region, and 40 in between
        const at = [
          r.from,
          r.to - 1,
          ...Array.from({ length: 40 }, () => r.from + Math.floor(rnd() * (r.to - r.from))),
        ];
        for (const x of at) {
          const bytes = new Uint8Array(file);
          bytes[x] ^= 1 << Math.floor(rnd() * 8);
          expect(() => loadModelBytes(bytes, "fuzzed"), `${r.name} byte ${x - r.from}`).toThrow(r.error);
        }
      }
    }
  });

  it("a wrong magic, a newer major version and a huge header length are refused", () => {
    const wrongMagic = new Uint8Array(trained);
    wrongMagic[0] = 0x58;
    expect(outcome(wrongMagic)).toBe("bad_model");
    const newer = new Uint8Array(trained);
    newer[8] = 2;
    expect(outcome(newer)).toBe("newer_model");
    const newerMinor = new Uint8Array(trained);
    newerMinor[10] = 9; // a later minor of the same major still loads
    expect(outcome(newerMinor)).toBe("ok");
    const huge = new Uint8Array(trained);
    new DataView(huge.buffer).setUint32(12, 0xffffffff, true);
    expect(outcome(huge)).toBe("bad_model");
  });

  it("a section declaring more elements than the file holds is refused before anything is allocated", () => {
    const headerLength = trained.readUInt32LE(12);
    const header = JSON.parse(trained.toString("utf8", 16, 16 + headerLength));
    header.sections[0].length = 2 ** 40;
    const json = Buffer.from(JSON.stringify(header));
    const bytes = Buffer.concat([trained.subarray(0, 12), Buffer.from(new Uint32Array([json.length]).buffer), json]);
    expect(outcome(bytes)).toBe("bad_model");
  });

  it("a file whose checksums pass but whose neighbour codes point outside the items is refused", () => {
    const path = tmp.path("lying.model");
    const ids = Buffer.from("ab");
    writeModel(
      path,
      {
        format: "cartlift-model",
        kind: "covis",
        cartliftVersion: "test",
        params: { matrices: ["covisit"] },
        items: 2,
        data: { sources: [], from: null, to: null, until: null },
      },
      {
        item_id_bytes: new Uint8Array(ids),
        item_id_offsets: Int32Array.from([0, 1, 2]),
        popular_items: Int32Array.from([0, 1]),
        popular_scores: Float32Array.from([2, 1]),
        covisit_indptr: Int32Array.from([0, 1, 1]),
        covisit_indices: Int32Array.from([7]),
        covisit_data: Float64Array.from([1]),
      },
    );
    expect(() => loadModel(path)).toThrow(/"covisit" neighbour lists are missing or do not match the 2 items/);
    writeFileSync(tmp.path("empty.model"), "");
    expect(() => loadModel(tmp.path("empty.model"))).toThrow(/wrong magic bytes/);
  });
});
