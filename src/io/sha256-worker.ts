import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Worker } from "node:worker_threads";
import { sibling, workerUrl } from "../worker-url.js";

/**
 * sha256 of a file, computed in a worker thread: hashing a large input costs about as much as a fifth
 * of parsing it, and on a 2-core machine the second core is otherwise idle during ingest.
 */
export function sha256File(file: string): Promise<{ sha256: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: file });
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

const WORKER_URL = workerUrl(sibling(import.meta.url, "sha256-thread"));

/** In-thread variant, for small files where starting a worker costs more than it saves. */
export function sha256FileInline(file: string): Promise<{ sha256: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    let bytes = 0;
    createReadStream(file, { highWaterMark: 1 << 20 })
      .on("data", (b) => {
        bytes += b.length;
        h.update(b);
      })
      .on("error", reject)
      .on("end", () => resolve({ sha256: h.digest("hex"), bytes }));
  });
}
