import { parentPort, workerData } from "node:worker_threads";
import { MisalignedRange } from "../io/read-csv.js";
import { parsePart, transferables, type PartTask } from "./parse-part.js";

/** Worker thread entry: parses one CSV range and posts the result (buffers transferred, not copied). */
const port = parentPort!;
let lastPost = 0;
parsePart(workerData as PartTask, (bytes, rows) => {
  const now = Date.now();
  if (now - lastPost < 200) return;
  lastPost = now;
  port.postMessage({ type: "progress", bytes, rows });
}).then(
  (result) => port.postMessage({ type: "done", result }, transferables(result)),
  (e: Error & { code?: string; hint?: string; file?: string }) =>
    port.postMessage({
      type: "error",
      misaligned: e instanceof MisalignedRange,
      name: e.name,
      message: e.message,
      code: e.code,
      hint: e.hint,
      file: e.file,
      stack: e.stack,
    }),
);
