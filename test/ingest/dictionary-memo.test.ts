import { describe, expect, it, vi } from "vitest";
import { Dictionary as ArrowDictionary, Int32, Utf8, vectorFromArray, type Data } from "apache-arrow";
import { Dictionary } from "../../src/data/dictionary.js";
import { DictionaryMemos } from "../../src/io/dictionary-memos.js";
import { SpanCursor, textSpans } from "../../src/io/exploded-batch.js";
import { IdCells } from "../../src/ingest/id-cells.js";

/** Ids read from an Arrow dictionary column are interned once per dictionary entry, with a plain read's codes. */
const dictData = (values: (string | null)[]): Data =>
  vectorFromArray(values, new ArrowDictionary(new Utf8(), new Int32())).data[0];
const plainData = (values: (string | null)[]): Data => vectorFromArray(values, new Utf8()).data[0];
const rowsOf = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe("DictionaryMemos", () => {
  it("DictionaryMemos.of keeps one memo while the dictionary's entries are equal, a new one when they differ", () => {
    const memos = new DictionaryMemos();
    const a = memos.of("item", dictData(["x", "y", "x"]));
    expect(a).not.toBeNull();
    expect(memos.of("item", dictData(["x", "y", "y", "x"]))).toBe(a); // same entries x, y in another batch
    const b = memos.of("item", dictData(["x", "z"]));
    expect(b).not.toBe(a);
    expect(b!.codes).toHaveLength(2);
    expect(memos.of("category", dictData(["x", "z"]))).not.toBe(b); // kept per column
    expect(memos.of("item", plainData(["x"]))).toBeNull();
  });
});

describe("IdCells.intern of a dictionary-encoded column", () => {
  const ids = ["SKU2", "SKU1", "SKU2", null, "SKU3", "SKU1", "SKU2"];

  it("IdCells.intern through a CodeMemo gives a plain read's codes and looks each entry up once", () => {
    const cells = new IdCells([]);
    const plain = new Dictionary();
    const plainCursor = new SpanCursor(textSpans(plainData(ids), rowsOf(ids.length), null), null);
    const expected = ids.map((_, r) => cells.intern(plain, plainCursor, r));
    expect(expected).toEqual([0, 1, 0, -1, 2, 1, 0]); // first-seen order, by hand

    const dict = new Dictionary();
    const lookups = vi.spyOn(dict, "internBytes");
    const memos = new DictionaryMemos();
    const d = dictData(ids);
    const cursor = new SpanCursor(textSpans(d, rowsOf(ids.length), null), null, memos.of("item", d));
    expect(ids.map((_, r) => cells.intern(dict, cursor, r))).toEqual(expected);
    expect(lookups).toHaveBeenCalledTimes(3); // SKU2, SKU1, SKU3
    expect(dict.ids()).toEqual(plain.ids());
  });

  it("IdCells.intern uses a CodeMemo only for the dictionary it first served", () => {
    const cells = new IdCells([]);
    const d = dictData(ids);
    const memo = new DictionaryMemos().of("item", d);
    const cursor = new SpanCursor(textSpans(d, rowsOf(ids.length), null), null, memo);
    const first = new Dictionary();
    ids.forEach((_, r) => cells.intern(first, cursor, r));
    const other = Dictionary.fromStrings(["SKU3"]); // other codes for the same ids
    expect(ids.map((_, r) => cells.intern(other, cursor, r))).toEqual([1, 2, 1, -1, 0, 2, 1]);
  });
});
