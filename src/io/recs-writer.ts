import { writeSync } from "node:fs";
import type { Dictionary } from "../data/dictionary.js";
import { isPlainString } from "./json-bytes.js";

const OPEN_ITEMS = bytes(',"items":[');
const OPEN_SCORES = bytes('],"scores":');
const CLOSE = bytes("}\n");
const OPEN_ID = bytes('{"id":');
const FLUSH_AT = 1 << 20;

/**
 * Writes answer lines `{"id":...,"items":[...],"scores":[...]}` to a file descriptor as bytes: item ids
 * are copied from the dictionary's UTF-8 arena (quoted; ids that need escapes go through
 * JSON.stringify), scores are JavaScript's shortest round-trip text, as JSON.stringify writes them (and by it: one
 * call per line on a reused array of numbers is about twice as fast as String() per score; non-finite scores are null).
 */
export class RecsWriter {
  private buffer = Buffer.allocUnsafe(FLUSH_AT + (64 << 10));
  private at = 0;
  private readonly arena: Uint8Array;
  private readonly offsets: Int32Array;
  /** Per item code: 0 not yet checked, 1 plain (bytes copied), 2 written through JSON.stringify. */
  private readonly plain: Uint8Array;
  /** The line's scores as plain numbers, reused (kept a packed array of doubles). */
  private readonly numbers: number[] = [];

  constructor(
    private readonly fd: number,
    private readonly items: Dictionary,
  ) {
    const { bytes, offsets } = items.utf8();
    this.arena = bytes;
    this.offsets = offsets;
    this.plain = new Uint8Array(items.size);
  }

  /** One answer line: `id` is the query's id as JSON text. */
  write(id: Uint8Array, idLength: number, items: Int32Array, scores: Float32Array): void {
    this.put(OPEN_ID, OPEN_ID.length);
    this.put(id, idLength);
    this.put(OPEN_ITEMS, OPEN_ITEMS.length);
    for (let r = 0; r < items.length; r++) {
      if (r > 0) this.buffer[this.at++] = 44;
      this.item(items[r]);
    }
    this.put(OPEN_SCORES, OPEN_SCORES.length);
    const numbers = this.numbers;
    if (numbers.length > scores.length) numbers.length = scores.length;
    for (let r = 0; r < scores.length; r++) {
      if (r < numbers.length) numbers[r] = scores[r];
      else numbers.push(scores[r]);
    }
    this.ascii(JSON.stringify(numbers));
    this.put(CLOSE, CLOSE.length);
    if (this.at >= FLUSH_AT) this.flush();
  }

  /** Writes out what is buffered. */
  flush(): void {
    for (let done = 0; done < this.at;) done += writeSync(this.fd, this.buffer, done, this.at - done);
    this.at = 0;
  }

  private item(code: number): void {
    const from = this.offsets[code];
    const to = this.offsets[code + 1];
    if (this.plain[code] === 0) this.plain[code] = isPlainString(this.arena, from, to) ? 1 : 2;
    if (this.plain[code] === 2) {
      const json = Buffer.from(JSON.stringify(this.items.get(code)));
      return this.put(json, json.length);
    }
    this.room(to - from + 2);
    const b = this.buffer;
    let at = this.at;
    b[at++] = 34;
    for (let x = from; x < to; x++) b[at++] = this.arena[x];
    b[at++] = 34;
    this.at = at;
  }

  private put(bytes: Uint8Array, n: number): void {
    this.room(n);
    const b = this.buffer;
    let at = this.at;
    for (let x = 0; x < n; x++) b[at++] = bytes[x];
    this.at = at;
  }

  /** An ASCII string (numbers' text). */
  private ascii(text: string): void {
    this.room(text.length);
    this.at += this.buffer.write(text, this.at, "latin1");
  }

  /** Makes room for n more bytes (plus a separator). */
  private room(n: number): void {
    if (this.at + n + 1 <= this.buffer.length) return;
    this.flush();
    if (n + 1 > this.buffer.length) this.buffer = Buffer.allocUnsafe(2 * (n + 1));
  }
}

function bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
