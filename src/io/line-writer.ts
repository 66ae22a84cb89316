import type { WriteStream } from "node:fs";
import { streamNow } from "./stream-now.js";
import { once } from "node:events";

/** Buffered line output: lines collect in a string and reach the stream in large writes (back-pressure honoured). */
export class LineWriter {
  private readonly stream: WriteStream;
  private buffer = "";

  constructor(path: string, header?: string) {
    this.stream = streamNow(path);
    if (header) this.buffer = header + "\n";
  }

  line(text: string): void {
    this.buffer += text + "\n";
  }

  async flushIfFull(): Promise<void> {
    if (this.buffer.length < 1 << 20) return;
    const chunk = this.buffer;
    this.buffer = "";
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    this.stream.end(this.buffer);
    this.buffer = "";
    await once(this.stream, "finish");
  }
}
