import { Field, List, makeData, Utf8, type Data } from "apache-arrow";

const encoder = new TextEncoder();

/**
 * An Arrow Utf8 column built from bytes (no JS value per row beyond the caller's): `bytes` copies a dictionary
 * entry out of its UTF-8 arena, `text` encodes a string (names repeat, so their bytes are cached).
 */
export class Utf8Builder {
  private data = new Uint8Array(1 << 16);
  private offsets = new Int32Array(1 << 12);
  private at = 0;
  private n = 0;
  private nulls: Uint8Array | null = null;
  private nullCount = 0;
  private readonly cache = new Map<string, Uint8Array>();

  get length(): number {
    return this.n;
  }

  bytes(arena: Uint8Array, from: number, to: number): void {
    this.room(to - from);
    this.data.set(arena.subarray(from, to), this.at);
    this.at += to - from;
    this.end(true);
  }

  text(s: string): void {
    let b = this.cache.get(s);
    if (!b) this.cache.set(s, (b = encoder.encode(s)));
    this.bytes(b, 0, b.length);
  }

  null(): void {
    this.nulls ??= new Uint8Array(this.offsets.length >> 3).fill(255);
    this.end(false);
  }

  finish(): Data<Utf8> {
    return makeData({
      type: new Utf8(),
      length: this.n,
      nullCount: this.nullCount,
      nullBitmap: this.nullCount > 0 ? this.nulls!.subarray(0, (this.n + 7) >> 3) : null,
      valueOffsets: this.offsets.subarray(0, this.n + 1),
      data: this.data.subarray(0, this.at),
    });
  }

  private end(valid: boolean): void {
    if (this.n + 2 > this.offsets.length) {
      const o = new Int32Array(this.offsets.length * 2);
      o.set(this.offsets);
      this.offsets = o;
    }
    if (this.nulls && this.nulls.length * 8 < this.offsets.length) {
      const b = new Uint8Array(this.offsets.length >> 3).fill(255);
      b.set(this.nulls);
      this.nulls = b;
    }
    if (!valid) {
      this.nulls![this.n >> 3] &= ~(1 << (this.n & 7));
      this.nullCount++;
    }
    this.offsets[++this.n] = this.at;
  }

  private room(k: number): void {
    if (this.at + k <= this.data.length) return;
    const d = new Uint8Array(Math.max(this.data.length * 2, this.at + k));
    d.set(this.data.subarray(0, this.at));
    this.data = d;
  }
}

/** A List<Utf8> column: `offsets[r]..offsets[r + 1]` index the child strings of row r. */
export function utf8List(child: Data<Utf8>, offsets: Int32Array): Data<List<Utf8>> {
  return makeData({
    type: new List(new Field("item", new Utf8(), true)),
    length: offsets.length - 1,
    nullCount: 0,
    valueOffsets: offsets,
    child,
  });
}
