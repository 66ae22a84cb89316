// The reference harness's peers (../shared/reference/session_protocol.py) in the headline configurations of its
// README, shared by the benches that print cartlift's models next to them.
import { join } from "node:path";

export const REFERENCE_CONFIGS = {
  pop: [],
  sar: ["--set", "similarity=jaccard", "--set", "diagonal=true", "--set", "recency=harmonic"],
  covisit: ["--set", "pair_weight=position", "--set", "topk=20", "--set", "last_n=3", "--set", "history_first=true"],
  sknn: ["--set", "k=100", "--set", "sample_size=500"],
  item2vec: ["--set", "scoring=mean"],
};

/**
 * Fits peer `name` on <data>/train.csv through `python` (the bench's call of the harness), writes its top k for
 * <data>/queries.jsonl to `recs`, and returns the harness's last output line: `{ fit_s, predict_s, ... }`.
 */
export function fitReferencePeer(python, name, data, recs, k) {
  const args = ["fit", "--train", join(data, "train.csv"), "--model", name, ...REFERENCE_CONFIGS[name]];
  const out = python([...args, "--queries", join(data, "queries.jsonl"), "--out", recs, "--k", String(k)]);
  return JSON.parse(out.trim().split("\n").pop());
}
