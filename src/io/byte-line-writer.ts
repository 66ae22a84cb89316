import type { WriteStream } from "node:fs";
import { streamNow } from "./stream-now.js";
import { once } from "node:events";

/**
 * CSV output written as bytes into a reusable buffer, for generators that write tens of millions of
 * lines: no string per field or line, so no garbage per event. ASCII only (ids, numbers, times).
 */
export class ByteLineWriter {
  private readonly stream: WriteStream;
  private buf = Buffer.allocUnsafe(1 << 20);
  private at = 0;
  private dayStart = NaN;
  private readonly day = Buffer.alloc(11);

  constructor(path: string, header: string) {
    this.stream = streamNow(path);
    this.ascii(header).end();
  }

  /** Appends ASCII text (ids, names; not user data). */
  ascii(text: string): this {
    this.room(text.length);
    for (let x = 0; x < text.length; x++) this.buf[this.at++] = text.charCodeAt(x);
    return this;
  }

  /** Appends a non-negative integer. */
  int(n: number): this {
    this.room(16);
    if (n === 0) {
      this.buf[this.at++] = 48;
      return this;
    }
    let digits = 0;
    for (let v = n; v > 0; v = Math.floor(v / 10)) digits++;
    let v = n;
    for (let x = digits - 1; x >= 0; x--) {
      this.buf[this.at + x] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.at += digits;
    return this;
  }

  /** Appends a non-negative amount with two decimals. */
  money(amount: number): this {
    const cents = Math.round(amount * 100);
    this.int(Math.floor(cents / 100)).byte(46);
    const c = cents % 100;
    return this.byte(48 + Math.floor(c / 10)).byte(48 + (c % 10));
  }

  /** Appends an ISO 8601 UTC time with milliseconds (the date part is cached per day). */
  iso(ts: number): this {
    const t = Math.round(ts);
    const day = Math.floor(t / 86_400_000) * 86_400_000;
    if (day !== this.dayStart) {
      this.dayStart = day;
      this.day.write(new Date(day).toISOString().slice(0, 11), "latin1");
    }
    this.room(24);
    this.day.copy(this.buf, this.at);
    this.at += 11;
    const ms = t - day;
    this.two(Math.floor(ms / 3_600_000))
      .byte(58)
      .two(Math.floor(ms / 60_000) % 60)
      .byte(58)
      .two(Math.floor(ms / 1000) % 60)
      .byte(46);
    const m = ms % 1000;
    return this.byte(48 + Math.floor(m / 100))
      .byte(48 + (Math.floor(m / 10) % 10))
      .byte(48 + (m % 10))
      .byte(90);
  }

  byte(b: number): this {
    this.room(1);
    this.buf[this.at++] = b;
    return this;
  }

  /** Ends a line. */
  end(): this {
    return this.byte(10);
  }

  /** Hands the buffer to the stream once it is mostly full (back-pressure honoured). */
  async flushIfFull(): Promise<void> {
    if (this.at < this.buf.length - (64 << 10)) return;
    await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, "finish");
  }

  private async flush(): Promise<void> {
    if (this.at === 0) return;
    const full = this.buf.subarray(0, this.at);
    this.buf = Buffer.allocUnsafe(this.buf.length); // the stream keeps `full` until written
    this.at = 0;
    if (!this.stream.write(full)) await once(this.stream, "drain");
  }

  private two(n: number): this {
    return this.byte(48 + Math.floor(n / 10)).byte(48 + (n % 10));
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }
}
