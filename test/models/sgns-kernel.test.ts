import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SgnsKernel } from "../../src/models/embedding/sgns-kernel.js";
import { REPO, seeded } from "../helpers.js";

/** word2vec's update for one pair in float64, with the same sigmoid table steps. */
function referencePair(input: Float64Array, outputs: Float64Array[], alpha: number): number {
  const sigmoid = (x: number) =>
    x >= 6 ? 1 : x <= -6 ? 0 : 1 / (1 + Math.exp(-((Math.trunc((x + 6) * (1000 / 12)) / 1000) * 2 - 1) * 6));
  const grad = new Float64Array(input.length);
  let loss = 0;
  outputs.forEach((out, t) => {
    const label = t === 0 ? 1 : 0;
    const dot = input.reduce((s, v, d) => s + v * out[d], 0);
    const x = label ? dot : -dot;
    loss += x >= 6 ? 0 : x <= -6 ? -x : Math.log1p(Math.exp(-((Math.trunc((x + 6) * (1000 / 12)) / 1000) * 2 - 1) * 6));
    const g = alpha * (label - sigmoid(dot));
    for (let d = 0; d < input.length; d++) {
      grad[d] += g * out[d];
      out[d] += g * input[d];
    }
  });
  for (let d = 0; d < input.length; d++) input[d] += grad[d];
  return loss;
}

describe("the SGNS kernel (WebAssembly SIMD)", () => {
  it("the committed binary is the compilation of sgns-kernel.wat", async () => {
    const { compiledModule, WASM_SOURCES } = await import(join(REPO, "scripts", "build-wasm.mjs"));
    for (const source of WASM_SOURCES)
      expect(readFileSync(join(REPO, source.out), "utf8"), `run npm run build:wasm after editing ${source.wat}`).toBe(
        await compiledModule(source),
      );
  });

  for (const dim of [16, 13]) {
    it(`one pair's gradient steps match word2vec's update in float64 (dim ${dim}, rows padded to ${Math.ceil(dim / 4) * 4})`, () => {
      const rnd = seeded(dim);
      const kernel = new SgnsKernel(6, dim);
      const rows = Array.from({ length: 6 }, () => Float64Array.from({ length: dim }, () => (rnd() - 0.5) * 0.8));
      const outs = Array.from({ length: 6 }, () => Float64Array.from({ length: dim }, () => (rnd() - 0.5) * 0.8));
      rows.forEach((r, i) => kernel.input.set(r, i * kernel.stride));
      outs.forEach((r, i) => kernel.output.set(r, i * kernel.stride));
      // input row 2, positive 4, negatives 1, 5, 4 (a row may repeat)
      kernel.positive(4);
      for (const n of [1, 5, 4]) kernel.negative(n);
      const loss = kernel.train(2, 0.05);
      const expected = referencePair(rows[2], [outs[4], outs[1], outs[5], outs[4]], 0.05);
      expect(loss).toBeCloseTo(expected, 4);
      for (let d = 0; d < dim; d++) expect(kernel.input[2 * kernel.stride + d]).toBeCloseTo(rows[2][d], 5);
      for (const r of [1, 4, 5])
        for (let d = 0; d < dim; d++) expect(kernel.output[r * kernel.stride + d]).toBeCloseTo(outs[r][d], 5);
      // the padding stays zero, other rows are untouched
      for (let i = 0; i < 6; i++)
        for (let d = dim; d < kernel.stride; d++)
          expect(kernel.input[i * kernel.stride + d] + kernel.output[i * kernel.stride + d]).toBe(0);
      expect(Array.from(kernel.input.subarray(0, dim))).toEqual(Array.from(Float32Array.from(rows[0])));
      expect(Array.from(kernel.vectors().subarray(2 * dim, 3 * dim))).toEqual(
        Array.from(kernel.input.subarray(2 * kernel.stride, 2 * kernel.stride + dim)),
      );
    });
  }

  it("a non-finite dot product shows as a NaN loss (how training detects divergence)", () => {
    const kernel = new SgnsKernel(2, 8);
    kernel.input.fill(Infinity, 0, 8);
    kernel.output.fill(1);
    kernel.positive(1);
    expect(kernel.train(0, 0.025)).toBeNaN();
  });
});
