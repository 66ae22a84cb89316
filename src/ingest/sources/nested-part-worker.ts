import { parentPort, workerData } from "node:worker_threads";
import { transferables } from "../parse-part.js";
import { parseNestedPart, type NestedPartTask } from "./nested-part.js";

/** Worker thread entry: reads one part (row groups) of a nested Parquet export and posts it (buffers transferred). */
const port = parentPort!;
let lastPost = 0;
parseNestedPart(workerData as NestedPartTask, (records, rows) => {
  const now = Date.now();
  if (now - lastPost < 200) return;
  lastPost = now;
  port.postMessage({ type: "progress", records, rows });
}).then(
  (result) =>
    port.postMessage({ type: "done", result }, [
      ...transferables(result),
      result.keys.hashes.buffer as ArrayBuffer,
      result.keys.checks.buffer as ArrayBuffer,
    ]),
  (e: Error & { code?: string; hint?: string; file?: string }) =>
    port.postMessage({
      type: "error",
      name: e.name,
      message: e.message,
      code: e.code,
      hint: e.hint,
      file: e.file,
      stack: e.stack,
    }),
);
