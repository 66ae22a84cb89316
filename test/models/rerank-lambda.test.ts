import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/data/random.js";
import { lambdaInputs, lambdaLoss, lambdaLossPlain } from "../../src/models/rerank/lambda-loss.js";
import { RankerScorer } from "../../src/models/rerank/ranker.js";
import { buildBatch, trainRanker } from "../../src/models/rerank/train-ranker.js";
import { tensorLib } from "../../src/tensor/tensor-backend.js";

describe("lambdaLossPlain", () => {
  it("weights each (target, other) pair's logistic loss by |delta NDCG| at the current ranks, by hand", () => {
    // scores 2, 0, 1; the target (row 1) ranks 3rd, row 0 1st, row 2 2nd; IDCG of one target is 1
    const got = lambdaLossPlain(Float32Array.of(2, 0, 1), Float32Array.of(0, 1, 0), Int32Array.of(0, 3));
    const want = (1 - 0.5) * Math.log1p(Math.exp(2)) + (1 / Math.log2(3) - 0.5) * Math.log1p(Math.exp(1));
    expect(got).toBeCloseTo(want, 6);
  });
});

describe("lambdaLoss", () => {
  it("on TensorFlow.js over a padded batch equals the plain loss over the ragged queries", async () => {
    const { tf } = await tensorLib("wasm");
    const random = seededRandom(4);
    const sizes = [5, 9, 3, 7];
    const offsets = Int32Array.from([0, ...sizes.map((_, q) => sizes.slice(0, q + 1).reduce((a, b) => a + b))]);
    const n = offsets[offsets.length - 1];
    const scores = Float32Array.from({ length: n }, () => random() * 4 - 2);
    const labels = new Float32Array(n);
    // one target in each query, two in the second
    sizes.forEach((s, q) => (labels[offsets[q] + Math.floor(random() * s)] = 1));
    labels[offsets[1] + 8] = 1;
    const rows = { F: 1, x: scores, offsets, labels };
    const queries = Int32Array.of(0, 1, 2, 3);
    const b = buildBatch(rows, queries);
    const inputs = lambdaInputs(b.x, b.mask, b.y, 4, b.width);
    const loss = tf.tidy(() => lambdaLoss(tf, tf.tensor2d(b.x, [4, b.width]), inputs, 4, b.width).dataSync()[0]);
    expect(loss).toBeCloseTo(lambdaLossPlain(scores, labels, offsets), 4);
  });
});

describe("trainRanker with loss lambdarank", () => {
  it("learns a planted signal: the target ranks first in most validation queries", async () => {
    const { tf } = await tensorLib("wasm");
    const random = seededRandom(2);
    const Q = 400;
    const F = 3;
    const offsets = Int32Array.from({ length: Q + 1 }, (_, q) => q * 10);
    const x = new Float32Array(Q * 10 * F);
    const labels = new Float32Array(Q * 10);
    for (let q = 0; q < Q; q++) {
      const target = Math.floor(random() * 10);
      labels[q * 10 + target] = 1;
      for (let c = 0; c < 10; c++) {
        const r = (q * 10 + c) * F;
        // feature 0 is higher on the target, with noise; the others are noise
        x[r] = (c === target ? 1 : 0) + (random() - 0.5) * 0.8;
        x[r + 1] = random() - 0.5;
        x[r + 2] = random() - 0.5;
      }
    }
    const rows = { F, x, offsets, labels };
    const train = Int32Array.from({ length: 300 }, (_, i) => i);
    const val = Int32Array.from({ length: 100 }, (_, i) => 300 + i);
    const o = { kind: "mlp" as const, hidden: 8, epochs: 30, patience: 3, batch: 32, learningRate: 0.01, seed: 1 };
    const trained = await trainRanker(tf, rows, train, val, { ...o, loss: "lambdarank" });
    expect(trained.valLoss[trained.bestEpoch - 1]).toBeLessThan(trained.valLoss[0]);
    const scorer = new RankerScorer({
      kind: "mlp",
      mean: new Float32Array(F),
      std: new Float32Array(F).fill(1),
      layers: trained.layers,
    });
    const out = new Float32Array(10);
    let first = 0;
    for (const q of val) {
      scorer.score(x.subarray(q * 10 * F, (q + 1) * 10 * F), 10, out);
      const best = out.indexOf(Math.max(...out));
      if (labels[q * 10 + best] > 0) first++;
    }
    // feature 0 alone always puts the target first (the target's is at least 0.6, the others' at most 0.4); chance 10%
    expect(first / val.length).toBeGreaterThan(0.9);
  });
});
