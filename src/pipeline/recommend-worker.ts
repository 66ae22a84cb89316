import { parentPort } from "node:worker_threads";
import { CartliftError } from "../errors.js";
import { recommendRange, type RangeTask } from "./recommend-range.js";

/**
 * Worker thread of recommendBatch: started before its task is known (its start-up overlaps the main
 * thread's preparation), then answers one line range of the queries file into its part file.
 */
parentPort!.once("message", async (task: RangeTask) => {
  try {
    const counts = await recommendRange(task);
    parentPort!.postMessage({ counts });
  } catch (e) {
    const err = e as CartliftError;
    parentPort!.postMessage({
      error: {
        code: err instanceof CartliftError ? err.code : "internal",
        message: err.message,
        hint: err instanceof CartliftError ? err.hint : undefined,
      },
    });
  }
});
