import type { RangeRows } from "./anchor-rows.js";

/** An anchor range `[from, to)`. */
export type AnchorRange = readonly [number, number];

/**
 * What handOutRanges needs of a counting thread. Node's Worker has it; the tests pass an in-process stand-in, so the
 * hand-out order, the put-back and the clean-up are tested without starting threads.
 */
export interface RangeThread {
  postMessage(range: AnchorRange): void;
  on(event: "message", listener: (rows: RangeRows) => void): unknown;
  once(event: "error", listener: (error: Error) => void): unknown;
  once(event: "exit", listener: () => void): unknown;
  terminate(): Promise<number>;
}

/**
 * Counts `ranges` on at most `threads` threads from `spawn` (none more than there are ranges): each thread is given
 * the next range as soon as it sends back the rows of its last, and the rows are put back in range order whatever
 * order they come in. Rejects when a thread fails or stops; every thread is terminated either way.
 */
export async function handOutRanges(
  ranges: readonly AnchorRange[],
  threads: number,
  spawn: () => RangeThread,
): Promise<RangeRows[]> {
  // Stryker disable next-line ArrayDeclaration: every index is assigned before the rows are returned
  const parts: RangeRows[] = new Array(ranges.length);
  const workers = Array.from({ length: Math.min(threads, ranges.length) }, spawn);
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let mine = 0; // the range this thread counts: set by give() before any answer can come
            const give = () => {
              if (next === ranges.length) return resolve();
              mine = next++;
              worker.postMessage(ranges[mine]);
            };
            worker.on("message", (rows: RangeRows) => {
              parts[mine] = rows;
              give();
            });
            worker.once("error", reject);
            worker.once("exit", () => reject(new Error("a covis counting thread stopped")));
            give();
          }),
      ),
    );
  } finally {
    // the exits that terminate() causes reject only promises already settled or already given up by Promise.all
    for (const w of workers) void w.terminate();
  }
  return parts;
}
