import { describe, expect, it } from "vitest";
import { fromFloat16, toFloat16 } from "../../src/artifact/float16.js";
import { readVectorSections, vectorSections } from "../../src/artifact/vector-sections.js";
import { Float16Bits } from "../../src/artifact/format.js";

describe("float16", () => {
  it("every float16 value converts to its own bits (normals, subnormals, zeros, infinities)", () => {
    for (let h = 0; h < 0x10000; h++) {
      const x = fromFloat16(h);
      if (Number.isNaN(x)) expect(Number.isNaN(fromFloat16(toFloat16(x)))).toBe(true);
      else expect(toFloat16(x), `bits ${h.toString(16)}`).toBe(h);
    }
  });

  it("rounds to nearest, ties to even, and overflows to infinity", () => {
    expect(fromFloat16(toFloat16(1 + 2 ** -11))).toBe(1); // a tie: to the even mantissa
    expect(fromFloat16(toFloat16(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9); // a tie: up to the even one
    expect(fromFloat16(toFloat16(1 + 2 ** -11 + 2 ** -20))).toBe(1 + 2 ** -10);
    expect(fromFloat16(toFloat16(65504))).toBe(65504);
    expect(fromFloat16(toFloat16(65520))).toBe(Infinity);
    expect(fromFloat16(toFloat16(-1e6))).toBe(-Infinity);
    expect(fromFloat16(toFloat16(2 ** -25))).toBe(0); // half the smallest subnormal: a tie to 0
    expect(fromFloat16(toFloat16(1.5 * 2 ** -24))).toBe(2 ** -23);
    expect(fromFloat16(toFloat16(1.5 * 2 ** -25))).toBe(2 ** -24); // above half the smallest subnormal: up to it
    expect(fromFloat16(toFloat16(1.75 * 2 ** -24))).toBe(2 ** -23); // subnormals round up past the half
    expect(fromFloat16(toFloat16(1.25 * 2 ** -24))).toBe(2 ** -24); // and down below it
    expect(fromFloat16(toFloat16(98304))).toBe(Infinity); // 1.5 x 2^16: exponent just past the largest
    for (const tiny of [2 ** -26, 1e-10, 2 ** -40, 1e-30]) {
      expect(toFloat16(tiny)).toBe(0); // far below the smallest subnormal: zero, with its sign
      expect(toFloat16(-tiny)).toBe(0x8000);
    }
    expect(fromFloat16(toFloat16(0.1))).toBeCloseTo(0.1, 3);
    expect(Object.is(fromFloat16(toFloat16(-0)), -0)).toBe(true);
  });
});

describe("embedding sections", () => {
  const dim = 5;
  const vectors = Float32Array.from({ length: 4 * dim }, (_, i) => (i % 7) / 7 - 0.4 + (i === 7 ? 0 : 0.01 * i));
  vectors.fill(0, 10, 15); // a row without a vector stays zero

  for (const quantize of ["none", 16, 8] as const) {
    it(`${quantize === "none" ? "float32" : quantize === 16 ? "float16" : "int8 with a scale per row"} vectors read back within their rounding`, () => {
      const sections = vectorSections("v", vectors, dim, quantize);
      if (quantize === 16) expect(sections.v_f16).toBeInstanceOf(Float16Bits);
      const back = readVectorSections("v", 4, dim, new Map(Object.entries(sections)))!;
      for (let r = 0; r < 4; r++) {
        const max = Math.max(...Array.from(vectors.subarray(r * dim, (r + 1) * dim), Math.abs));
        const step = quantize === "none" ? 0 : quantize === 16 ? max * 2 ** -11 : max / 254;
        for (let d = 0; d < dim; d++)
          expect(Math.abs(back[r * dim + d] - vectors[r * dim + d])).toBeLessThanOrEqual(step + 1e-12);
      }
      expect(Array.from(back.subarray(10, 15))).toEqual([0, 0, 0, 0, 0]);
      expect(
        readVectorSections("v", 5, dim, new Map(Object.entries(sections))),
        "a shape that does not match",
      ).toBeNull();
    });
  }
});
