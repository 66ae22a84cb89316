/**
 * cartlift/serving: what a serving layer imports to answer requests from a cartlift model file or
 * exported artifact. Depends on the Node standard library only (no CLI, progress or training code).
 *
 *   import { loadModel } from "cartlift/serving";
 *   const model = loadModel("models/covis.artifact");
 *   model.recommend({ history: [{ item: "1004", event: "cart_add", ts: Date.now() }], k: 6 });
 */
export {
  loadModel,
  loadModelFromBytes,
  DEFAULT_K,
  type ServingModel,
  type ServingRequest,
  type ServingResult,
  type ServingHistoryEvent,
} from "./serving-model.js";
export type { ModelManifest } from "../artifact/format.js";
export { assignArm, assignmentBucket, type ArmSplit } from "../experiment/assign-arm.js";
