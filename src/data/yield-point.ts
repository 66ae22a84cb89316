/**
 * Long synchronous work cannot see a signal: Node runs a SIGINT or SIGTERM handler only when the main thread returns
 * to its event loop. `yieldPoint()`, awaited between chunks of a long loop, returns to it at most every
 * `YIELD_EVERY_MS` (a few microseconds each time), so an interrupt is handled within that time. `commitPoint()` always
 * yields: awaited just before a command renames its output into place, it lets a signal that arrived during the last
 * stretch of work stop the command before anything is written.
 */
const YIELD_EVERY_MS = 100;
let last = performance.now();

// two immediates: the second runs in the next turn of the loop, after its poll phase, which is where a pending signal
// is read (one immediate may run before the poll, in the turn whose callback did the work)
const turn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

export async function yieldPoint(): Promise<void> {
  const now = performance.now();
  if (now - last < YIELD_EVERY_MS) return;
  last = now;
  await turn();
}

export async function commitPoint(): Promise<void> {
  last = performance.now();
  await turn();
}
