import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import type { RangeRows } from "../../src/models/covis/anchor-rows.js";
import { handOutRanges, type AnchorRange, type RangeThread } from "../../src/models/covis/hand-out-ranges.js";

/** An in-process stand-in for a counting thread: answers each range after `delay(range)` ms, one range at a time. */
class FakeThread extends EventEmitter implements RangeThread {
  readonly got: AnchorRange[] = [];
  busy = false;
  overlapped = false;
  terminated = false;
  constructor(private readonly delay: (r: AnchorRange) => number) {
    super();
  }
  postMessage(range: AnchorRange): void {
    if (!Array.isArray(range)) throw new Error(`not a range: ${String(range)}`);
    if (this.busy) this.overlapped = true;
    this.busy = true;
    this.got.push(range);
    setTimeout(() => {
      this.busy = false;
      if (!this.terminated) this.emit("message", rowsOf(range));
    }, this.delay(range));
  }
  terminate(): Promise<number> {
    this.terminated = true;
    this.emit("exit", 1);
    return Promise.resolve(1);
  }
}

/** Rows that say which range they answer. */
function rowsOf([from, to]: AnchorRange): RangeRows {
  return { from, to, indptr: new Int32Array(to - from + 1), indices: new Int32Array(0), data: new Float64Array(0) };
}

function rangesOf(n: number): AnchorRange[] {
  return Array.from({ length: n }, (_, i) => [3 * i, 3 * i + 3] as const);
}

function spawner(delay: (r: AnchorRange) => number): { threads: FakeThread[]; spawn: () => FakeThread } {
  const threads: FakeThread[] = [];
  return { threads, spawn: () => threads[threads.push(new FakeThread(delay)) - 1] };
}

describe("handOutRanges", () => {
  it("puts the rows back in range order when later ranges come back first, each range counted once", async () => {
    const ranges = rangesOf(10);
    // the first ranges are the slowest, so answers arrive out of order
    const { threads, spawn } = spawner(([from]) => 30 - from);
    const parts = await handOutRanges(ranges, 3, spawn);
    expect(parts.map((p) => [p.from, p.to])).toEqual(ranges);
    expect(threads).toHaveLength(3);
    const given = threads.flatMap((t) => t.got).sort((a, b) => a[0] - b[0]);
    expect(given).toEqual(ranges);
    for (const t of threads) {
      expect(t.got.length).toBeGreaterThan(0);
      expect(t.overlapped).toBe(false);
      expect(t.terminated).toBe(true);
    }
  });

  it("hands the next range to whichever thread is free: a slow thread gets fewer", async () => {
    // the thread given range 0 takes 60 ms on it; the others answer in 1 ms and share the rest
    const { threads, spawn } = spawner(([from]) => (from === 0 ? 60 : 1));
    await handOutRanges(rangesOf(8), 2, spawn);
    expect(threads[0].got).toEqual([[0, 3]]);
    expect(threads[1].got).toHaveLength(7);
  });

  it("starts no more threads than there are ranges, and none for no ranges", async () => {
    const few = spawner(() => 1);
    expect(await handOutRanges(rangesOf(2), 5, few.spawn)).toHaveLength(2);
    expect(few.threads).toHaveLength(2);
    const none = spawner(() => 1);
    expect(await handOutRanges([], 4, none.spawn)).toEqual([]);
    expect(none.threads).toHaveLength(0);
  });

  it("rejects with a thread's error and terminates every thread", async () => {
    const { threads, spawn } = spawner(() => 5);
    const run = handOutRanges(rangesOf(6), 3, spawn);
    setTimeout(() => threads[1].emit("error", new Error("out of memory in a thread")), 2);
    await expect(run).rejects.toThrow("out of memory in a thread");
    expect(threads.map((t) => t.terminated)).toEqual([true, true, true]);
  });

  it("rejects when a thread stops before the work is done", async () => {
    const { threads, spawn } = spawner(() => 5);
    const run = handOutRanges(rangesOf(6), 2, spawn);
    setTimeout(() => threads[0].emit("exit", 0), 2);
    await expect(run).rejects.toThrow("a covis counting thread stopped");
    expect(threads.every((t) => t.terminated)).toBe(true);
  });
});
