import { parentPort, workerData } from "node:worker_threads";
import { sha256FileInline } from "./sha256-worker.js";

/** Worker thread entry for sha256File: hashes one file and posts { sha256, bytes }. */
sha256FileInline(workerData as string).then(
  (r) => parentPort!.postMessage(r),
  (e: Error) => {
    throw e;
  },
);
