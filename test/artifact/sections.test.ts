import { describe, expect, it } from "vitest";
import { neighbourSections, readNeighbourSections } from "../../src/artifact/neighbour-sections.js";
import { readVectorSections, vectorSectionNames, vectorSections } from "../../src/artifact/vector-sections.js";
import { validCodes, validOffsets } from "../../src/artifact/validate-sections.js";
import { dtypeOf, Float16Bits, sectionView, type SectionArray } from "../../src/artifact/format.js";
import { csrRow, type ScaledCsr } from "../../src/data/csr.js";
import { seeded } from "../helpers.js";

/** Rows 0 and 2 and the last one are empty, so that finding an entry's row must skip empty rows. */
const csr: ScaledCsr = {
  rows: 5,
  indptr: Int32Array.from([0, 0, 3, 3, 5, 5]),
  indices: Int32Array.from([4, 1, 3, 0, 2]),
  data: Float64Array.from([0.9, 0.5, 0.25, 2, 1]),
};
const rows = (m: ScaledCsr) => Array.from({ length: m.rows }, (_, r) => csrRow(m, r));
const asMap = (s: Record<string, SectionArray>) => new Map(Object.entries(s));

describe("neighbourSections and readNeighbourSections", () => {
  it("full precision keeps a float64 list's own arrays and reads them back unchanged", () => {
    const s = neighbourSections("covisit", csr, "none");
    expect(Object.keys(s).sort()).toEqual(["covisit_data", "covisit_indices", "covisit_indptr"]);
    expect(s.covisit_data).toBe(csr.data);
    const back = readNeighbourSections("covisit", 5, asMap(s))!;
    expect(rows(back)).toEqual(rows(csr));
  });

  it("full precision of a quantised list stores each entry's value (code x its row's scale), empty rows skipped", () => {
    const quantised: ScaledCsr = {
      ...csr,
      data: Uint16Array.from([9, 5, 1, 4, 2]),
      rowScale: Float32Array.from([1, 0.5, 8, 0.25, 3]),
    };
    const s = neighbourSections("n", quantised, "none");
    expect(Array.from(s.n_data)).toEqual([4.5, 2.5, 0.5, 1, 0.5]);
    expect(rows(readNeighbourSections("n", 5, asMap(s))!)).toEqual(rows(quantised));
  });

  for (const bits of [16, 8] as const)
    it(`quantised to ${bits} bits: each row's best scores map to the top code, every value within half a step`, () => {
      const levels = bits === 16 ? 65535 : 255;
      const s = neighbourSections("n", csr, bits);
      expect(Object.keys(s).sort()).toEqual(["n_indices", "n_indptr", `n_q${bits}`, "n_row_scale"].sort());
      expect(s[`n_q${bits}`]).toBeInstanceOf(bits === 16 ? Uint16Array : Uint8Array);
      expect(Array.from(s.n_row_scale)).toEqual([0, 0.9 / levels, 0, 2 / levels, 0].map(Math.fround));
      const back = readNeighbourSections("n", 5, asMap(s))!;
      expect(back.rowScale).toBe(s.n_row_scale);
      expect(back.data[0]).toBe(levels); // row 1's best
      expect(back.data[3]).toBe(levels); // row 3's best
      const got = rows(back);
      rows(csr).forEach((row, r) =>
        row.forEach(([item, value], i) => {
          expect(got[r][i][0]).toBe(item);
          expect(Math.abs(got[r][i][1] - value)).toBeLessThanOrEqual(back.rowScale![r] / 2 + 1e-12);
        }),
      );
    });

  it("full precision of integer codes without row scales stores their values as float64", () => {
    const codes: ScaledCsr = { ...csr, data: Uint16Array.from([9, 5, 1, 4, 2]) };
    const s = neighbourSections("n", codes, "none");
    expect(s.n_data).toBeInstanceOf(Float64Array);
    expect(Array.from(s.n_data)).toEqual([9, 5, 1, 4, 2]);
  });

  it("a row of zeros gets scale 0 and codes 0, not NaN", () => {
    const zeros: ScaledCsr = {
      rows: 1,
      indptr: Int32Array.from([0, 2]),
      indices: Int32Array.from([0, 1]),
      data: new Float64Array(2),
    };
    const s = neighbourSections("z", zeros, 8);
    expect(Array.from(s.z_q8)).toEqual([0, 0]);
    expect(Array.from(s.z_row_scale)).toEqual([0]);
  });

  it("reading: absent lists, a missing code section, wrong code types and a row scale of the wrong length give null", () => {
    const s = neighbourSections("n", csr, 8);
    expect(readNeighbourSections("other", 5, asMap(s))).toBeNull();
    expect(readNeighbourSections("n", 4, asMap(s))).toBeNull(); // row_scale holds 5 rows
    const { n_q8: q8, ...noCodes } = s;
    expect(readNeighbourSections("n", 5, asMap(noCodes))).toBeNull();
    expect(readNeighbourSections("n", 5, asMap({ ...noCodes, n_q8: Int8Array.from(q8 as Uint8Array) }))).toBeNull();
    expect(readNeighbourSections("n", 5, asMap({ ...s, n_row_scale: Float64Array.from(s.n_row_scale) }))).toBeNull();
    const { n_indptr: _, ...noIndptr } = s;
    expect(readNeighbourSections("n", 5, asMap(noIndptr))).toBeNull();
  });

  it("random lists round-trip at every precision (uint32 offsets read as int32 views)", () => {
    const rand = seeded(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + Math.floor(rand() * 30);
      const indptr = new Int32Array(n + 1);
      for (let r = 0; r < n; r++) indptr[r + 1] = indptr[r] + (rand() < 0.3 ? 0 : Math.floor(rand() * 6));
      const total = indptr[n];
      const m: ScaledCsr = {
        rows: n,
        indptr,
        indices: Int32Array.from({ length: total }, () => Math.floor(rand() * n)),
        data: Float64Array.from({ length: total }, () => rand()),
      };
      expect(rows(readNeighbourSections("r", n, asMap(neighbourSections("r", m, "none")))!)).toEqual(rows(m));
      const back = readNeighbourSections("r", n, asMap(neighbourSections("r", m, 16)))!;
      expect(back.indptr).toBeInstanceOf(Int32Array);
      expect(Array.from(back.indices)).toEqual(Array.from(m.indices));
    }
  });
});

describe("vectorSections and readVectorSections", () => {
  const vectors = Float32Array.from([0.5, -1, 0.25, 0, 0, 0, 3, 1.5, -0.75]);

  it("int8: each row scaled by its largest magnitude, a zero row kept at zero, read back within half a step", () => {
    const s = vectorSections("v", vectors, 3, 8);
    expect(Object.keys(s).sort()).toEqual(["v_q8", "v_row_scale"]);
    expect(Array.from(s.v_q8)).toEqual([64, -127, 32, 0, 0, 0, 127, 64, -32]);
    expect(Array.from(s.v_row_scale)).toEqual([1 / 127, 0, 3 / 127].map(Math.fround));
    const back = readVectorSections("v", 3, 3, asMap(s))!;
    for (let x = 0; x < 9; x++)
      expect(Math.abs(back[x] - vectors[x])).toBeLessThanOrEqual(s.v_row_scale[Math.floor(x / 3)] / 2 + 1e-7);
    expect(back[3]).toBe(0);
  });

  it("float32 and float16 read back exactly (these values are float16 numbers)", () => {
    expect(readVectorSections("v", 3, 3, asMap(vectorSections("v", vectors, 3, "none")))).toBe(vectors);
    const half = vectorSections("v", vectors, 3, 16);
    expect(half.v_f16).toBeInstanceOf(Float16Bits);
    expect(Array.from(readVectorSections("v", 3, 3, asMap(half))!)).toEqual(Array.from(vectors));
  });

  it("a table of the wrong shape, or int8 codes without their scales, gives null", () => {
    for (const q of ["none", 16, 8] as const)
      expect(readVectorSections("v", 4, 3, asMap(vectorSections("v", vectors, 3, q)))).toBeNull();
    const s = vectorSections("v", vectors, 3, 8);
    expect(readVectorSections("v", 3, 3, asMap({ v_q8: s.v_q8 }))).toBeNull();
    expect(readVectorSections("v", 3, 3, asMap({ v_q8: s.v_q8, v_row_scale: new Float32Array(2) }))).toBeNull();
    expect(readVectorSections("v", 3, 4, asMap(s))).toBeNull(); // 9 codes for 3 rows of 4: only the codes are short
    expect(readVectorSections("v", 3, 3, new Map())).toBeNull();
  });

  it("vectorSectionNames lists the names every form may use", () => {
    expect(vectorSectionNames("item_vectors")).toEqual([
      "item_vectors",
      "item_vectors_f16",
      "item_vectors_q8",
      "item_vectors_row_scale",
    ]);
  });
});

describe("validOffsets and validCodes", () => {
  it("validOffsets accepts offsets from 0, non-decreasing, ending at the total, and nothing else", () => {
    expect(validOffsets([0, 2, 2, 5], 3, 5)).toBe(true);
    expect(validOffsets([0], 0, 0)).toBe(true);
    expect(validOffsets([0, 2, 5], 3, 5)).toBe(false); // one offset short
    expect(validOffsets([0, 2, 2, 5, 5], 3, 5)).toBe(false); // one too many
    expect(validOffsets([1, 2, 2, 5], 3, 5)).toBe(false); // not from 0
    expect(validOffsets([0, 2, 2, 4], 3, 5)).toBe(false); // not ending at the total
    expect(validOffsets([0, 3, 2, 5], 3, 5)).toBe(false); // decreasing in the middle
    expect(validOffsets([0, 6, 7, 5], 3, 5)).toBe(false); // decreasing at the end only
    expect(validOffsets([0, 2, NaN, 5], 3, 5)).toBe(false);
  });

  it("validCodes accepts codes in [0, size) only", () => {
    expect(validCodes([0, 3, 1], 4)).toBe(true);
    expect(validCodes([], 0)).toBe(true);
    expect(validCodes([0, 4], 4)).toBe(false);
    expect(validCodes([-1, 2], 4)).toBe(false);
    expect(validCodes([2, NaN], 4)).toBe(false);
  });
});

describe("sectionView and dtypeOf", () => {
  const bytes = new Uint8Array(16).map((_, i) => i * 17);
  const views: [Parameters<typeof sectionView>[0], new (b: ArrayBuffer, o: number, n: number) => SectionArray][] = [
    ["int32", Int32Array],
    ["float32", Float32Array],
    ["float64", Float64Array],
    ["uint16", Uint16Array],
    ["float16", Float16Bits],
    ["uint32", Uint32Array],
    ["int8", Int8Array],
    ["uint8", Uint8Array],
  ];
  for (const [dtype, Type] of views)
    it(`sectionView("${dtype}") views the bytes as that type, and dtypeOf names it back`, () => {
      const v = sectionView(dtype, bytes);
      expect(v.constructor).toBe(Type);
      expect(Array.from(v)).toEqual(Array.from(new Type(bytes.buffer, 0, 16 / (v.BYTES_PER_ELEMENT as number))));
      expect(dtypeOf(v)).toBe(dtype);
    });

  it("sectionView copies bytes that are not aligned for the element width, keeping their values", () => {
    const odd = new Uint8Array(17).map((_, i) => i).subarray(1);
    const v = sectionView("float64", odd);
    expect(v.byteOffset % 8).toBe(0);
    expect(new Uint8Array(v.buffer, v.byteOffset, 16)).toEqual(odd);
  });
});
