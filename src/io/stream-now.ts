import { createWriteStream, openSync, type WriteStream } from "node:fs";

/**
 * A write stream whose file is created now, synchronously. `createWriteStream(path)` opens its file later, on the
 * thread pool: an interrupt handled in between removes the temporary file (temp-files.ts) and the open still in flight
 * then creates it again, just before the process exits, leaving a stray `*.tmp-<pid>` behind (seen in
 * scripts/test-faults.mjs). With the file open first, the clean-up removes it for good.
 */
export function streamNow(path: string): WriteStream {
  return createWriteStream(path, { fd: openSync(path, "w") });
}
