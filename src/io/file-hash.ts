import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { sibling, workerUrl } from "../worker-url.js";

/** What the hashing thread gets: the file, and shared memory for its state and the 32-byte digest. */
export interface FileHashTask {
  path: string;
  state: SharedArrayBuffer;
  digest: SharedArrayBuffer;
}

/**
 * The sha256 of a file, computed on another thread while this one does other work (reading a dataset checks its
 * events.arrow against the manifest's seal: about a second of hashing at 10M events, otherwise on the loading thread).
 * `wait()` blocks until the digest is there (Atomics.wait, so a synchronous reader can use it) and returns it in hex.
 * Should the thread fail, not start within `startMs` or not answer within `timeoutMs`, the file is hashed here
 * instead: the answer is the same.
 */
export function hashFileInThread(path: string, startMs = 10_000, timeoutMs = 600_000): { wait(): string } {
  const task: FileHashTask = { path, state: new SharedArrayBuffer(4), digest: new SharedArrayBuffer(32) };
  let worker: Worker | null = null;
  try {
    worker = new Worker(WORKER_URL, { workerData: task });
    worker.unref();
    worker.on("error", () => {}); // a failure is seen in the state (or its absence), and hashed here
  } catch {
    worker = null;
  }
  return {
    wait(): string {
      const flag = new Int32Array(task.state);
      if (worker) {
        Atomics.wait(flag, 0, 0, startMs); // a thread that never started (it could not load) is not waited for
        Atomics.wait(flag, 0, 2, timeoutMs);
      }
      if (Atomics.load(flag, 0) === 1) return Buffer.from(task.digest).toString("hex");
      void worker?.terminate();
      return sha256OfFile(path).toString("hex");
    },
  };
}

/** The sha256 of a file, read in 8 MiB pieces on this thread. */
export function sha256OfFile(path: string): Buffer {
  const hash = createHash("sha256");
  const buf = new Uint8Array(8 << 20);
  const fd = openSync(path, "r");
  try {
    for (let pos = 0; ;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest();
}

const WORKER_URL = workerUrl(sibling(import.meta.url, "file-hash-thread"));
