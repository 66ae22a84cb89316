import { describe, expect, it } from "vitest";
import { Dictionary } from "../../src/data/dictionary.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("Dictionary", () => {
  it("intern(id) gives dense codes in first-seen order and the same code for a repeated id", () => {
    const d = new Dictionary();
    expect(["b", "a", "b", "c", "a"].map((id) => d.intern(id))).toEqual([0, 1, 0, 2, 1]);
    expect(d.size).toBe(3);
    expect(d.ids()).toEqual(["b", "a", "c"]);
  });

  it("lookup(id) finds interned ids and answers -1 for others without adding them", () => {
    const d = Dictionary.fromStrings(["x", "y"]);
    expect(d.lookup("y")).toBe(1);
    expect(d.lookup("z")).toBe(-1);
    expect(d.size).toBe(2);
  });

  it("internBytes(buf, start, end) reads a slice of a larger buffer, and get(code) returns the text", () => {
    const buf = utf8("user_id=17,user_id=42,user_id=17");
    const d = new Dictionary();
    expect(d.internBytes(buf, 8, 10)).toBe(0); // "17"
    expect(d.internBytes(buf, 19, 21)).toBe(1); // "42"
    expect(d.internBytes(buf, 30, 32)).toBe(0); // "17" again
    expect(d.lookupBytes(buf, 19, 21)).toBe(1);
    expect(d.get(0)).toBe("17");
    expect(d.get(1)).toBe("42");
  });

  it("utf8() is Arrow's Utf8 layout: the keys' bytes back to back and size + 1 offsets", () => {
    const d = Dictionary.fromStrings(["a", "bc", "ü", ""]);
    const { bytes, offsets } = d.utf8();
    // "ü" is two bytes (c3 bc); the empty id takes none
    expect(Array.from(offsets)).toEqual([0, 1, 3, 5, 5]);
    expect(Array.from(bytes)).toEqual([0x61, 0x62, 0x63, 0xc3, 0xbc]);
  });

  it("fromUtf8(bytes, offsets, size) rebuilds a dictionary with the same codes", () => {
    const d = Dictionary.fromStrings(["2053013555069845885", "électroménager", "🛒", "007"]);
    const { bytes, offsets } = d.utf8();
    const copy = Dictionary.fromUtf8(bytes.slice(), offsets.slice(), d.size);
    expect(copy.ids()).toEqual(d.ids());
    expect(copy.lookup("🛒")).toBe(2);
  });

  it("fromUtf8 over a slice of a shared buffer reads its keys, then looks up, interns and truncates as a built one", () => {
    // Arrow hands a dictionary as a view into the file's bytes, its offsets not starting at 0
    const d = Dictionary.fromStrings(["x", "u1", "u22", "é", "u4444"]);
    const { bytes, offsets } = d.utf8();
    const shared = new Uint8Array(bytes.length + 8).fill(0x7a);
    shared.set(bytes, 4);
    const view = Int32Array.from(offsets.subarray(1), (o) => o + 4); // keys "u1".."u4444" at 5..
    const before = shared.slice();
    const read = Dictionary.fromUtf8(shared, view, 4);
    expect(read.ids()).toEqual(["u1", "u22", "é", "u4444"]);
    expect(read.size).toBe(4);
    expect(read.lookup("é")).toBe(2);
    expect(read.lookup("x")).toBe(-1);
    expect(read.intern("u5")).toBe(4);
    expect(read.intern("u22")).toBe(1);
    expect(read.get(4)).toBe("u5");
    expect(shared).toEqual(before); // the buffer it was read from is never written
    read.truncate(2);
    expect(read.ids()).toEqual(["u1", "u22"]);
    expect(read.lookup("é")).toBe(-1);
    expect(read.intern("é")).toBe(2);
    expect(Array.from(read.utf8().offsets)).toEqual([0, 2, 5, 7]);
  });

  it("intern(id) keeps unicode ids byte-exact: NFC and NFD spellings of é are different ids", () => {
    const d = new Dictionary();
    const ids = ["用户", "🛒cart", "\u00e9", "e\u0301", "Ωmega", "a\u0000b"];
    expect(ids.map((id) => d.intern(id))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(d.ids()).toEqual(ids);
    expect(d.lookup("e\u0301")).toBe(3);
  });

  it("intern(id) keeps 19-digit ids exactly, including ids that are equal as doubles", () => {
    // both round to the same double (2053013555069845760): as numbers they would merge
    const a = "2053013555069845885";
    const b = "2053013555069845886";
    expect(Number(a)).toBe(Number(b));
    const d = new Dictionary();
    expect(d.intern(a)).toBe(0);
    expect(d.intern(b)).toBe(1);
    expect(d.intern("7")).toBe(2);
    expect(d.intern("007")).toBe(3);
    expect(d.ids()).toEqual([a, b, "7", "007"]);
  });

  it("intern(id) stays correct while growing past many rehashes (100,000 keys from a small start)", () => {
    const d = new Dictionary(4);
    const n = 100_000;
    const wrong: number[] = [];
    for (let i = 0; i < n; i++) if (d.intern(`item-${i}`) !== i) wrong.push(i);
    expect(d.size).toBe(n);
    for (let i = 0; i < n; i++) if (d.lookup(`item-${i}`) !== i) wrong.push(i);
    expect(wrong).toEqual([]);
    for (let i = 0; i < n; i += 997) expect(d.get(i)).toBe(`item-${i}`);
    expect(d.lookup(`item-${n}`)).toBe(-1);
    // interning again adds nothing
    expect(d.intern("item-54321")).toBe(54321);
    expect(d.size).toBe(n);
    const { bytes, offsets } = d.utf8();
    expect(offsets.length).toBe(n + 1);
    expect(new TextDecoder().decode(bytes.subarray(offsets[n - 1], offsets[n]))).toBe(`item-${n - 1}`);
  });

  it("intern(id) handles ids longer than its scratch buffer", () => {
    const d = new Dictionary();
    const long = "x".repeat(5000) + "é";
    expect(d.intern(long)).toBe(0);
    expect(d.intern("short")).toBe(1);
    expect(d.lookup(long)).toBe(0);
    expect(d.get(0)).toBe(long);
  });
});

describe("Dictionary.truncate", () => {
  it("dictionary.truncate(size) forgets later keys and keeps earlier codes, so re-interning gives the same codes", () => {
    const d = new Dictionary(4);
    const keys = Array.from({ length: 1000 }, (_, i) => `key-${i}`);
    keys.forEach((k) => d.intern(k));
    d.truncate(10);
    expect(d.size).toBe(10);
    expect(d.lookup("key-9")).toBe(9);
    expect(d.lookup("key-10")).toBe(-1);
    expect(d.lookup("key-999")).toBe(-1);
    expect(d.intern("other")).toBe(10);
    expect(d.get(10)).toBe("other");
    expect(d.ids().slice(0, 3)).toEqual(["key-0", "key-1", "key-2"]);
  });

  it("appendOnly() adds a key per intern, and interning its keys in code order gives the first-seen numbering", () => {
    const ids = ["s1", "s2", "s1", "s3", "s2", "s4"];
    const part = Dictionary.appendOnly(2); // grows past what it was sized for
    expect(ids.map((id) => part.intern(id))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(part.matches(2, utf8("s1"), 0, 2)).toBe(true);
    expect(part.get(3)).toBe("s3");
    const { bytes, offsets } = part.utf8();
    const merged = Dictionary.fromStrings(["s0"]);
    const remap = ids.map((_, c) => merged.internBytes(bytes, offsets[c], offsets[c + 1]));
    expect(remap).toEqual(ids.map((id) => Dictionary.fromStrings(["s0", ...ids]).lookup(id)));
    expect(merged.ids()).toEqual(["s0", "s1", "s2", "s3", "s4"]);
  });
});
