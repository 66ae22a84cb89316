import { describe, expect, it } from "vitest";
import { Dictionary } from "../../src/data/dictionary.js";
import { IdCells, NONE, RememberedCodes } from "../../src/ingest/id-cells.js";
import { CELL_BYTES, CELL_MISSING, CELL_NUMBER, CursorBase, type CellType } from "../../src/io/raw-batch.js";
import { seeded as rng } from "../helpers.js";

/** A cursor over a list of cells: text (bytes), a number, or null (missing). */
class ListCursor extends CursorBase {
  private readonly bytes: (Uint8Array | null)[];
  constructor(private readonly cells: (string | number | null)[]) {
    super();
    this.bytes = cells.map((c) => (typeof c === "string" ? new TextEncoder().encode(`##${c}`) : null));
  }
  at(row: number): CellType {
    const c = this.cells[row];
    if (c === null) return CELL_MISSING;
    if (typeof c === "number") {
      this.num = c;
      return CELL_NUMBER;
    }
    this.buf = this.bytes[row]!;
    this.start = 2; // a span inside a larger buffer
    this.end = this.buf.length;
    return CELL_BYTES;
  }
}

describe("IdCells.internRemembered", () => {
  it("gives every cell the code a plain first-seen numbering gives it, whatever the key's remembered code was", () => {
    const r = rng(24);
    // keys (users) with a few sessions each, often the last one again, some "NA" and numbers mixed in
    const cells: (string | number | null)[] = [];
    const keys: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const key = Math.floor(r() * 300);
      const x = r();
      keys.push(key);
      if (x < 0.05) cells.push(null);
      else if (x < 0.08) cells.push("NA");
      else if (x < 0.12) cells.push(Math.floor(r() * 5));
      else cells.push(`${key}.${Math.floor(r() * 4)}`);
    }
    const ids = new IdCells(["NA"]);
    const dict = new Dictionary(16);
    const memo = new RememberedCodes(); // grows as keys come
    const cursor = new ListCursor(cells);
    const got = cells.map((_, i) => ids.internRemembered(dict, cursor, i, memo, keys[i]));
    // the oracle: a Map in first-seen order, numbers as their decimal text, null and "NA" as NONE
    const seen = new Map<string, number>();
    const want = cells.map((c) => {
      if (c === null || c === "NA") return NONE;
      const text = String(c);
      if (!seen.has(text)) seen.set(text, seen.size);
      return seen.get(text)!;
    });
    expect(got).toEqual(want);
    expect(dict.size).toBe(seen.size);
    expect(dict.ids()).toEqual([...seen.keys()]);
  });

  it("leaves a memo that seldom helps unread for a while, with the same codes as a plain numbering", () => {
    // 70,000 rows of new sessions (the memo never helps), then sessions repeated row after row
    const cells: string[] = [];
    const keys: number[] = [];
    for (let i = 0; i < 70_000; i++) {
      keys.push(i % 1000);
      cells.push(`${i % 1000}.${i}`);
    }
    for (let i = 0; i < 30_000; i++) {
      keys.push(i % 7);
      cells.push(`${i % 7}.${Math.floor(i / 700)}`);
    }
    const ids = new IdCells([]);
    const dict = new Dictionary();
    const memo = new RememberedCodes();
    const cursor = new ListCursor(cells);
    let skipped = false;
    const got = cells.map((_, i) => {
      const code = ids.internRemembered(dict, cursor, i, memo, keys[i]);
      skipped ||= memo.skip > 0;
      return code;
    });
    const seen = new Map<string, number>();
    const want = cells.map((c) => {
      if (!seen.has(c)) seen.set(c, seen.size);
      return seen.get(c)!;
    });
    expect(skipped).toBe(true);
    expect(got).toEqual(want);
  });

  it("returns the remembered code for a repeated cell, and a new code after a different one", () => {
    const ids = new IdCells([]);
    const dict = new Dictionary();
    const memo = new RememberedCodes();
    const cursor = new ListCursor(["a.1", "a.1", "a.2", "a.1", 7, 7]);
    expect([0, 1, 2, 3, 4, 5].map((i) => ids.internRemembered(dict, cursor, i, memo, 0))).toEqual([0, 0, 1, 0, 2, 2]);
  });
});

describe("Dictionary.internHashed", () => {
  it("gives the code internBytes gives, for a key hashed with Dictionary.hash", () => {
    const buf = new TextEncoder().encode("x1x2x1");
    const d = new Dictionary();
    expect(d.internHashed(buf, 0, 2, Dictionary.hash(buf, 0, 2))).toBe(0);
    expect(d.internBytes(buf, 2, 4)).toBe(1);
    expect(d.internHashed(buf, 4, 6, Dictionary.hash(buf, 4, 6))).toBe(0);
    expect(d.internHashed(buf, 2, 4, Dictionary.hash(buf, 2, 4))).toBe(1);
    expect(d.size).toBe(2);
  });
});
