import { InputError } from "../errors.js";
import { jsonLines } from "../io/json-lines.js";
import { METRICS, metricKey } from "./metrics/index.js";
import { relevantRanks } from "./metrics/relevant-ranks.js";

/** Scores of another tool's recommendations: "HR@20"-style keys, plus the scorer's bookkeeping. */
export interface ExternalScores {
  protocol: "external";
  recs: string;
  truth: string;
  ks: number[];
  /** Truth cases. */
  n: number;
  /** Truth ids without a recs line (scored as misses). */
  missing: number;
  /** Recs ids without a truth line (ignored). */
  extra: number;
  /** Lists shorter than the largest k, and lists with a repeated item (counted, not rejected). */
  short_lists: number;
  lists_with_duplicates: number;
  [metric: string]: number | number[] | string;
}

/**
 * Scores a recs file (`{"id", "items": [...]}`) against a truth file (`{"id", "target"}` or
 * `{"id", "targets": [...]}`) with the rules of the reference scorer (../shared/reference): each list
 * cut at k, a target counts at its first position, a missing list is a miss, an id twice in one
 * file is an error. Ids are compared as text.
 */
export async function scoreExternal(recsPath: string, truthPath: string, ks: number[]): Promise<ExternalScores> {
  const codes = new Map<string, number>();
  const code = (id: unknown) => {
    const key = String(id);
    let c = codes.get(key);
    if (c === undefined) codes.set(key, (c = codes.size));
    return c;
  };
  const truth = new Map<string, Int32Array>();
  for await (const { line, value } of jsonLines(truthPath)) {
    const id = requireId(value, truthPath, line);
    if (truth.has(id))
      throw new InputError("duplicate_id", `${truthPath}:${line}: id "${id}" appears twice`, { file: truthPath });
    const targets = Array.isArray(value.targets) ? value.targets : value.target !== undefined ? [value.target] : null;
    if (!targets)
      throw new InputError("bad_truth", `${truthPath}:${line}: needs "target" or a "targets" list`, {
        file: truthPath,
      });
    truth.set(id, Int32Array.from(new Set(targets.map(code))));
  }
  const recs = new Map<string, Int32Array>();
  for await (const { line, value } of jsonLines(recsPath)) {
    const id = requireId(value, recsPath, line);
    if (recs.has(id))
      throw new InputError("duplicate_id", `${recsPath}:${line}: id "${id}" appears twice`, { file: recsPath });
    if (!Array.isArray(value.items))
      throw new InputError("bad_recs", `${recsPath}:${line}: "items" must be a list`, { file: recsPath });
    recs.set(id, Int32Array.from(value.items, code));
  }
  const maxK = ks[ks.length - 1];
  const sums = new Float64Array(METRICS.length * ks.length);
  const ranks = new Int32Array(maxK);
  let missing = 0,
    short = 0,
    duplicates = 0;
  for (const [id, targets] of truth) {
    const items = recs.get(id);
    if (!items) {
      missing++;
      continue;
    }
    const top = items.subarray(0, maxK);
    if (top.length < maxK) short++;
    if (new Set(top).size < top.length) duplicates++;
    const found = relevantRanks(top, 0, top.length, new Set(targets), ranks);
    for (let m = 0; m < METRICS.length; m++)
      for (let j = 0; j < ks.length; j++) sums[m * ks.length + j] += METRICS[m].fn(ranks, found, targets.length, ks[j]);
  }
  let extra = 0;
  for (const id of recs.keys()) if (!truth.has(id)) extra++;
  const out: ExternalScores = {
    protocol: "external",
    recs: recsPath,
    truth: truthPath,
    ks,
    n: truth.size,
    missing,
    extra,
    short_lists: short,
    lists_with_duplicates: duplicates,
  };
  METRICS.forEach((m, mi) =>
    ks.forEach((k, j) => (out[metricKey(m.name, k)] = truth.size ? sums[mi * ks.length + j] / truth.size : 0)),
  );
  return out;
}

function requireId(value: Record<string, unknown>, file: string, line: number): string {
  if (value.id === undefined || value.id === null)
    throw new InputError("missing_id", `${file}:${line}: no "id"`, { file });
  return String(value.id);
}
