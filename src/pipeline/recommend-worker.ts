import { parentPort, workerData } from "node:worker_threads";
import { CartliftError } from "../errors.js";
import { recommendRange, type RangeTask } from "./recommend-range.js";

/** Worker thread of recommendBatch: one line range of the queries file into its part file. */
try {
  const counts = await recommendRange(workerData as RangeTask);
  parentPort!.postMessage({ counts });
} catch (e) {
  const err = e as CartliftError;
  parentPort!.postMessage({ error: { code: err instanceof CartliftError ? err.code : "internal", message: err.message, hint: err instanceof CartliftError ? err.hint : undefined } });
}
