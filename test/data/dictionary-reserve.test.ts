import { describe, expect, it, vi } from "vitest";
import { Dictionary } from "../../src/data/dictionary.js";
import { KeyIndex } from "../../src/data/key-index.js";

describe("Dictionary.reserve", () => {
  it("Dictionary.reserve(n) then n new keys: the codes of an unreserved dictionary, and no rehash on the way", () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `pseudo${(i * 7919) % 5003}.${i % 13}`);
    const plain = new Dictionary(16);
    const reserved = new Dictionary(16);
    for (const k of keys.slice(0, 10)) {
      plain.intern(k);
      reserved.intern(k);
    }
    reserved.reserve(keys.length, 4); // fewer bytes than the keys take: the arena still grows as needed
    const a = keys.map((k) => plain.intern(k));
    const rehash = vi.spyOn(KeyIndex, "of"); // a table rebuilt for more keys
    const b = keys.map((k) => reserved.intern(k));
    expect(b).toEqual(a);
    expect(rehash).not.toHaveBeenCalled();
    rehash.mockRestore();
    expect(reserved.ids()).toEqual(plain.ids());
    expect(reserved.lookup(keys[4321])).toBe(a[4321]);
  });

  it("Dictionary.reserve on a dictionary read back from its Utf8 layout keeps every key findable", () => {
    const d = Dictionary.fromStrings(["a", "bb", "ccc"]);
    const { bytes, offsets } = d.utf8();
    const back = Dictionary.fromUtf8(bytes, offsets, 3);
    back.reserve(100);
    expect(["ccc", "a", "bb", "dd"].map((k) => back.intern(k))).toEqual([2, 0, 1, 3]);
  });

  it("a dictionary read back with no keys takes new keys and finds them", () => {
    const empty = Dictionary.fromUtf8(new Uint8Array(0), Int32Array.from([0]), 0);
    expect(["x", "a-longer-key-than-eight", "x"].map((k) => empty.intern(k))).toEqual([0, 1, 0]);
    expect(empty.lookup("a-longer-key-than-eight")).toBe(1);
  });
});
