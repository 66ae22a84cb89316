import type { ServingModel } from "../serving/serving-model.js";

/** A moment as the moments file records it: its time and the user's last events before it (shop ids). */
export interface RecordedMoment {
  ts: number;
  history: readonly { item: string; event: string; ts: number }[];
}

/**
 * The slate a model shows at a recorded moment (world item codes): the model is fed the moment's recorded history,
 * the last MOMENT_HISTORY_EVENTS events, which is what replay feeds it at its default --max-history, at the moment's
 * time. Items the world does not have are dropped.
 */
export function recordedMomentSlate(model: ServingModel, m: RecordedMoment, k: number, worldItems: number): number[] {
  const r = model.recommend({ history: m.history, k, now: m.ts });
  return r.items.map(simulatedItemCode).filter((i) => i >= 0 && i < worldItems);
}

/** Simulated item ids are "i<code>"; anything else is -1. */
export function simulatedItemCode(id: string): number {
  return /^i\d+$/.test(id) ? Number(id.slice(1)) : -1;
}
