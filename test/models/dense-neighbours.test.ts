import { describe, expect, it } from "vitest";
import { cosineNeighbours, unitVectors } from "../../src/models/embedding/cosine-neighbours.js";
import { denseCosineNeighbours } from "../../src/models/embedding/dense-neighbours.js";
import { denseRecommendations } from "../../src/models/embedding/dense-recommend.js";
import { Item2VecModel } from "../../src/models/embedding/item2vec-model.js";
import { PopularModel } from "../../src/models/baselines/popular.js";
import { tensorLib, type TensorBackendChoice } from "../../src/tensor/tensor-backend.js";
import type { Csr } from "../../src/data/csr.js";
import { CartliftError, UsageError } from "../../src/errors.js";
import { seeded } from "../helpers.js";

/** n unit vectors: clusters around a few centres (near-ties inside a cluster), and some zero rows. */
function vectors(n: number, dim: number, seed: number, spread: number): Float32Array {
  const rnd = seeded(seed);
  const centres = Array.from({ length: 5 }, () => Array.from({ length: dim }, () => rnd() - 0.5));
  const v = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    if (i % 17 === 3) continue; // an item without a vector
    const c = centres[i % centres.length];
    for (let d = 0; d < dim; d++) v[i * dim + d] = c[d] + spread * (rnd() - 0.5);
  }
  return unitVectors(v, dim);
}

const bytesOf = (c: Csr) => [
  Buffer.from(c.indptr.buffer),
  Buffer.from(c.indices.buffer),
  Buffer.from(new Float64Array(c.data).buffer),
];

describe("dense cosine neighbours (TensorFlow.js)", () => {
  for (const backend of ["wasm", "cpu"] as TensorBackendChoice[]) {
    it(`on ${backend}, equal the exact all-pairs scan bit for bit, rescanning the rows whose float32 candidates prove nothing`, async () => {
      const lib = await tensorLib(backend);
      expect(lib.backend).toBe(backend);
      for (const [n, dim, k, spread] of [
        [300, 16, 10, 0.5],
        [257, 13, 20, 1e-4],
        [40, 8, 50, 0.3],
      ] as const) {
        const unit = vectors(n, dim, n + dim, spread);
        const exact = cosineNeighbours(unit, dim, k);
        const dense = await denseCosineNeighbours(unit, dim, k, lib);
        expect(bytesOf(dense.csr)).toEqual(bytesOf(exact));
        // zero rows have no neighbours and are nobody's neighbour
        expect(dense.csr.indptr[4] - dense.csr.indptr[3]).toBe(0);
        expect(Array.from(dense.csr.indices)).not.toContain(3);
        if (spread === 1e-4)
          expect(dense.rescannedRows, "near-identical vectors tie within float32 error").toBeGreaterThan(0);
        if (spread === 0.5) expect(dense.rescannedRows).toBeLessThan(n / 10);
      }
    });
  }

  it("split across threads (this one and workers, each with its own backend), the lists are the same bits", async () => {
    const lib = await tensorLib("wasm");
    const unit = vectors(3000, 16, 5, 0.3);
    const one = await denseCosineNeighbours(unit, 16, 10, lib, { threads: 1 });
    const seen: number[] = [];
    const three = await denseCosineNeighbours(unit, 16, 10, lib, {
      threads: 3,
      parallelMinRows: 0,
      onRows: (done) => seen.push(done),
    });
    expect(bytesOf(three.csr)).toEqual(bytesOf(one.csr));
    expect(seen.at(-1)).toBe(Array.from({ length: 3000 }, (_, i) => i % 17 !== 3).filter(Boolean).length);
  });

  it("reports progress block by block", async () => {
    const unit = vectors(2000, 8, 7, 0.5);
    const seen: number[] = [];
    await denseCosineNeighbours(unit, 8, 5, await tensorLib("cpu"), { onRows: (done) => seen.push(done) });
    const trained = Array.from({ length: 2000 }, (_, i) => i % 17 !== 3).filter(Boolean).length;
    expect(seen.at(-1)).toBe(trained);
    expect(seen.length).toBeGreaterThan(1);
  });

  it("refuses an unknown backend, and a missing tfjs-node with a clear error", async () => {
    expect(() => tensorLib("gpu" as TensorBackendChoice)).toThrow(UsageError);
    let installed = true;
    try {
      await import("@tensorflow/tfjs-node" as string);
    } catch {
      installed = false;
    }
    if (!installed) await expect(tensorLib("node")).rejects.toThrow(CartliftError);
    const auto = await tensorLib("auto");
    expect(auto.backend).toBe(installed ? "tensorflow" : "wasm");
  });

  for (const backend of ["wasm", "cpu"] as TensorBackendChoice[]) {
    it(`item2vec recommendations in batches on ${backend} equal recommend() one by one, near-ties and cold histories included`, async () => {
      const lib = await tensorLib(backend);
      for (const [n, dim, spread] of [
        [400, 16, 0.5],
        [300, 12, 1e-4],
      ] as const) {
        const unit = vectors(n, dim, n * dim, spread);
        const popular = new PopularModel(
          n,
          Int32Array.from({ length: n }, (_, i) => (i * 7) % n),
          Float32Array.from({ length: n }, (_, i) => n - i),
        );
        const model = new Item2VecModel(unit, dim, cosineNeighbours(unit, dim, 5), popular);
        const rnd = seeded(n);
        const histories = Array.from({ length: 700 }, (_, c) =>
          // some histories hold only items without a vector (i % 17 === 3) or unknown codes
          Array.from({ length: 1 + (c % 6) }, (_, x) => ({
            item: c % 50 === 0 ? 3 + 17 * x : c % 71 === 0 ? -1 : Math.floor(rnd() * n),
            kind: 0,
            ts: x,
          })),
        );
        const { answers, rescanned } = await denseRecommendations(model, histories, 20, lib);
        histories.forEach((h, c) => {
          const want = model.recommend(h, { k: 20 });
          expect(Array.from(answers[c].items), `case ${c}`).toEqual(Array.from(want.items));
          expect(Array.from(answers[c].scores)).toEqual(Array.from(want.scores));
          expect(answers[c].unknownItems).toBe(want.unknownItems);
        });
        if (spread === 1e-4) expect(rescanned).toBeGreaterThan(0);
        else expect(rescanned).toBeLessThan(histories.length / 10);
      }
    });
  }
});
