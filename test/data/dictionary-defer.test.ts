import { describe, expect, it, vi } from "vitest";
import { Dictionary } from "../../src/data/dictionary.js";
import { settleKeys } from "../../src/data/distinct-keys.js";
import { KeyIndex } from "../../src/data/key-index.js";
import { seeded } from "../helpers.js";

const enc = new TextEncoder();

/** Ids from a small pool, short (inline in a slot) and long, some repeated far apart, some next to each other. */
function ids(n: number, seed: number): string[] {
  const r = seeded(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (out.length > 0 && r() < 0.2) out.push(out[out.length - 1]);
    else out.push(r() < 0.5 ? `s${Math.floor(r() * 300)}` : `pseudo-${Math.floor(r() * 300)}.1709280000`);
  }
  return out;
}

describe("Dictionary.deferLookups and settle", () => {
  for (const held of [0, 40]) {
    it(`settle gives the codes and keys of interning one by one (${held} ids held before)`, () => {
      const before = ids(held, 7);
      const later = ids(3000, 8 + held);
      const plain = new Dictionary(16);
      const deferred = new Dictionary(16);
      for (const id of before) expect(deferred.intern(id)).toBe(plain.intern(id));
      deferred.deferLookups();
      const provisional = later.map((id) => deferred.intern(id));
      // every intern adds a key while deferred: provisional codes number the occurrences
      expect(deferred.size).toBe(new Set(before).size + later.length);
      const settled = deferred.settle()!;
      const final = provisional.map((c) => (c >= settled.from ? settled.codes[c - settled.from] : c));
      expect(final).toEqual(later.map((id) => plain.intern(id)));
      expect(deferred.ids()).toEqual(plain.ids());
      // the table is built again for the lookups and interns after
      expect(deferred.lookup(later[1234])).toBe(plain.lookup(later[1234]));
      expect(deferred.intern("new-after-settle")).toBe(plain.intern("new-after-settle"));
      expect(deferred.settle()).toBeNull();
    });
  }

  it("a key decoded under a provisional code is not what that code reads after settle", () => {
    const d = new Dictionary();
    d.deferLookups();
    d.intern("a");
    d.intern("a");
    d.intern("b");
    expect(d.get(1)).toBe("a"); // provisional code 1: the second "a"
    const { codes } = d.settle()!;
    expect(Array.from(codes)).toEqual([0, 0, 1]);
    expect(d.get(1)).toBe("b");
    expect(d.get(0)).toBe("a");
  });

  it("settleKeys tells keys of one hash apart by their bytes, keeping the first of each", () => {
    const keys = ["x", "yy", "x", "zzzzzzzzzzzz", "yy", "zzzzzzzzzzzy", "zzzzzzzzzzzz", "x"];
    const bytes = keys.map((k) => enc.encode(k));
    const offs = new Int32Array(keys.length + 2);
    bytes.forEach((b, i) => (offs[i + 1] = offs[i] + b.length));
    const arena = new Uint8Array(offs[keys.length]);
    bytes.forEach((b, i) => arena.set(b, offs[i]));
    const hashes = new Int32Array(keys.length); // every key collides
    const { codes, count } = settleKeys(arena, offs, hashes, 0, keys.length, () => -1);
    expect(Array.from(codes)).toEqual([0, 1, 0, 2, 1, 3, 2, 0]);
    expect(count).toBe(4);
    const kept = Array.from({ length: count }, (_, c) =>
      new TextDecoder().decode(arena.subarray(offs[c], offs[c + 1])),
    );
    expect(kept).toEqual(["x", "yy", "zzzzzzzzzzzz", "zzzzzzzzzzzy"]);
  });

  it("Dictionary.reserve while deferred sizes the keys, not a table", () => {
    const d = new Dictionary(16);
    d.deferLookups();
    const of = vi.spyOn(KeyIndex, "of");
    d.reserve(1 << 16);
    expect(of).not.toHaveBeenCalled();
    of.mockRestore();
  });
});

describe("Dictionary.lookupSpans", () => {
  it("finds the codes of spans of a buffer and of its alternate, -1 for an absent id or an empty span", () => {
    const d = Dictionary.fromStrings(["SKU1", "a-much-longer-pseudo-id", "U7"]);
    const buf = enc.encode("SKU1U7nope");
    const alt = enc.encode("a-much-longer-pseudo-id");
    const starts = Int32Array.from([0, 4, 6, ~0, 2]);
    const ends = Int32Array.from([4, 6, 10, 23, 2]);
    const out = new Int32Array(5);
    d.lookupSpans(buf, alt, starts, ends, 5, out);
    expect(Array.from(out)).toEqual([0, 2, -1, 1, -1]);
    const keysOnly = Dictionary.appendOnly(4);
    keysOnly.intern("SKU1");
    keysOnly.lookupSpans(buf, alt, starts, ends, 5, out);
    expect(Array.from(out)).toEqual([-1, -1, -1, -1, -1]);
  });
});
