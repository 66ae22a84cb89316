import { hitsWithin } from "./recall.js";

/** Precision@k: the share of the k recommendations that are targets (a short list still divides by k). */
export function precision(ranks: Int32Array, found: number, _targets: number, k: number): number {
  return hitsWithin(ranks, found, k) / k;
}
