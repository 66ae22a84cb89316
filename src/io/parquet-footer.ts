/**
 * The footer of a Parquet file (its FileMetaData, Thrift compact protocol) with one key-value entry set, the rest
 * kept byte for byte: how a reader is told to decode some text columns as Arrow dictionaries (see
 * parquet-dictionary-hint.ts).
 * Only the top-level fields are re-framed (a field header holds the delta from the previous field's id); every value
 * is copied as it is.
 */
export function footerWithKeyValue(meta: Uint8Array, key: string, value: string): Uint8Array {
  const r = new CompactReader(meta);
  const fields: { id: number; type: number; bytes: Uint8Array }[] = [];
  let kv: [Uint8Array, Uint8Array][] = [];
  for (let last = 0; ;) {
    const h = r.byte();
    if (h === 0) break;
    const type = h & 0x0f;
    const id = h >> 4 === 0 ? r.zigzag() : last + (h >> 4);
    last = id;
    const from = r.at;
    if (id === KEY_VALUE_FIELD && type === T_LIST) kv = r.keyValues();
    else r.skip(type);
    fields.push({ id, type, bytes: meta.subarray(from, r.at) });
  }
  const mine = ENCODER.encode(key);
  kv = kv.filter(([k]) => !sameBytes(k, mine));
  kv.push([mine, ENCODER.encode(value)]);
  const w = new CompactWriter();
  w.list(kv.length, T_STRUCT);
  for (const [k, v] of kv) {
    w.byte(0x10 | T_BINARY).binary(k); // field 1: key
    w.byte(0x10 | T_BINARY).binary(v); // field 2: value
    w.byte(0);
  }
  const kvBytes = w.done();
  const kept = fields.filter((f) => f.id !== KEY_VALUE_FIELD);
  kept.push({ id: KEY_VALUE_FIELD, type: T_LIST, bytes: kvBytes });
  kept.sort((a, b) => a.id - b.id);
  const out = new CompactWriter();
  let last = 0;
  for (const f of kept) {
    const delta = f.id - last;
    if (delta > 0 && delta <= 15) out.byte((delta << 4) | f.type);
    else out.byte(f.type).varint(zigzag(f.id));
    last = f.id;
    out.raw(f.bytes);
  }
  out.byte(0);
  return out.done();
}

const KEY_VALUE_FIELD = 5;
const T_TRUE = 1;
const T_FALSE = 2;
const T_BYTE = 3;
const T_DOUBLE = 7;
const T_BINARY = 8;
const T_LIST = 9;
const T_SET = 10;
const T_MAP = 11;
const T_STRUCT = 12;
const ENCODER = new TextEncoder();

class CompactReader {
  at = 0;
  constructor(private readonly buf: Uint8Array) {}
  byte(): number {
    if (this.at >= this.buf.length) throw new Error("truncated Parquet footer");
    return this.buf[this.at++];
  }
  varint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = this.byte();
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
  }
  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }
  binary(): Uint8Array {
    const n = this.varint();
    if (this.at + n > this.buf.length) throw new Error("truncated Parquet footer");
    this.at += n;
    return this.buf.subarray(this.at - n, this.at);
  }
  /** Skips a value of compact type `type` (in a field: booleans hold their value in the type). */
  skip(type: number, inList = false): void {
    switch (type) {
      case T_TRUE:
      case T_FALSE:
        if (inList) this.at++;
        return;
      case T_BYTE:
        this.at++;
        return;
      case T_DOUBLE:
        this.at += 8;
        return;
      case T_BINARY:
        this.binary();
        return;
      case T_LIST:
      case T_SET: {
        const h = this.byte();
        const n = h >> 4 === 15 ? this.varint() : h >> 4;
        for (let i = 0; i < n; i++) this.skip(h & 0x0f, true);
        return;
      }
      case T_MAP: {
        const n = this.varint();
        if (n === 0) return;
        const kv = this.byte();
        for (let i = 0; i < n; i++) {
          this.skip(kv >> 4, true);
          this.skip(kv & 0x0f, true);
        }
        return;
      }
      case T_STRUCT:
        for (;;) {
          const h = this.byte();
          if (h === 0) return;
          if (h >> 4 === 0) this.zigzag();
          this.skip(h & 0x0f);
        }
      default:
        if (type >= 4 && type <= 6)
          this.varint(); // i16, i32, i64
        else throw new Error(`unknown Thrift type ${type} in the Parquet footer`);
    }
  }
  /** A list<KeyValue> (key: field 1, value: field 2, both binary). */
  keyValues(): [Uint8Array, Uint8Array][] {
    const h = this.byte();
    const n = h >> 4 === 15 ? this.varint() : h >> 4;
    const out: [Uint8Array, Uint8Array][] = [];
    for (let i = 0; i < n; i++) {
      let k: Uint8Array = new Uint8Array(0);
      let v: Uint8Array = new Uint8Array(0);
      for (let last = 0; ;) {
        const fh = this.byte();
        if (fh === 0) break;
        const id = fh >> 4 === 0 ? this.zigzag() : last + (fh >> 4);
        last = id;
        if (id === 1 && (fh & 0x0f) === T_BINARY) k = this.binary();
        else if (id === 2 && (fh & 0x0f) === T_BINARY) v = this.binary();
        else this.skip(fh & 0x0f);
      }
      out.push([k, v]);
    }
    return out;
  }
}

class CompactWriter {
  private buf = new Uint8Array(1024);
  private at = 0;
  byte(b: number): this {
    this.ensure(1);
    this.buf[this.at++] = b;
    return this;
  }
  varint(v: number): this {
    while (v >= 0x80) {
      this.byte((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    return this.byte(v);
  }
  binary(b: Uint8Array): this {
    return this.varint(b.length).raw(b);
  }
  list(n: number, type: number): this {
    return n < 15 ? this.byte((n << 4) | type) : this.byte(0xf0 | type).varint(n);
  }
  raw(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
    return this;
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.at);
  }
  private ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    next.set(this.buf.subarray(0, this.at));
    this.buf = next;
  }
}

function zigzag(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
