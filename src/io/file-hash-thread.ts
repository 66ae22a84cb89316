import { workerData } from "node:worker_threads";
import { sha256OfFile, type FileHashTask } from "./file-hash.js";

/**
 * Worker thread entry of hashFileInThread: reads the file and writes its sha256 into the shared result, then sets the
 * state (2 started, then 1 done or -1 failed) and wakes the waiting thread. It never posts a message: the reader waits
 * on the state with Atomics.wait, without returning to its event loop.
 */
const { path, state, digest } = workerData as FileHashTask;
const flag = new Int32Array(state);
Atomics.store(flag, 0, 2); // started: the reader now waits for the digest
Atomics.notify(flag, 0);
try {
  new Uint8Array(digest).set(sha256OfFile(path));
  Atomics.store(flag, 0, 1);
} catch {
  Atomics.store(flag, 0, -1);
}
Atomics.notify(flag, 0);
