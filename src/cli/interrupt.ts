import { removeUnfinishedOutputs } from "../pipeline/stop-cleanly.js";
import { EXIT } from "../errors.js";

/**
 * Ctrl-C (SIGINT) and SIGTERM stop every command at once, workers included, and write nothing:
 *   - every output is built beside its target and renamed once (io/write-atomic.ts), so the previous output is
 *     untouched until that rename, and the temporary files still open are removed here;
 *   - the process exits 130 (SIGINT) or 143 (SIGTERM), as a shell reports a command killed by that signal;
 *     process.exit ends the worker threads with it.
 * A signal is handled when the main thread is between two steps of work: long loops yield (data/yield-point.ts), and
 * every command yields once more just before it commits its output, so a signal that arrived during the last stretch
 * of work still stops it before the rename.
 */
const onStop: (() => void)[] = [];

/** Run before exiting on a signal (stopping a spinner, restoring the cursor). */
export function onInterrupt(f: () => void): void {
  onStop.push(f);
}

export function installInterruptHandlers(): void {
  for (const [signal, code] of [
    ["SIGINT", EXIT.sigint],
    ["SIGTERM", EXIT.sigterm],
  ] as const)
    process.on(signal, () => {
      for (const f of onStop) {
        try {
          f();
        } catch {
          // the exit below matters more than a tidy terminal
        }
      }
      removeUnfinishedOutputs();
      process.stderr.write(`\ninterrupted (${signal}): stopped, nothing written\n`);
      process.exit(code);
    });
}
