import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Worker } from "node:worker_threads";

/**
 * sha256 of a file, computed in a worker thread: hashing a large input costs about as much as a fifth
 * of parsing it, and on a 2-core machine the second core is otherwise idle during ingest.
 */
export function sha256File(file: string): Promise<{ sha256: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: file });
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

// Plain JavaScript so that it runs the same from src/ (tests) and dist/.
const WORKER_SOURCE = `
const { createHash } = require("node:crypto");
const { createReadStream } = require("node:fs");
const { parentPort, workerData } = require("node:worker_threads");
const h = createHash("sha256");
let bytes = 0;
createReadStream(workerData, { highWaterMark: 1 << 20 })
  .on("data", (b) => { bytes += b.length; h.update(b); })
  .on("error", (e) => { throw e; })
  .on("end", () => parentPort.postMessage({ sha256: h.digest("hex"), bytes }));
`;

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
