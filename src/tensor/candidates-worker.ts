import { parentPort, workerData } from "node:worker_threads";
import { fillCandidates, type CandidateTask } from "./candidates.js";
import { tensorLib, type TensorBackendChoice } from "./tensor-backend.js";

/** Worker thread of searchCandidates: one part of the rows, on its own TensorFlow.js backend. */
const { task, backend } = workerData as { task: CandidateTask; backend: TensorBackendChoice };
try {
  await fillCandidates(await tensorLib(backend), task);
  parentPort!.postMessage({});
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).message });
}
