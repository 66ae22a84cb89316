import { createHash } from "node:crypto";

/** What assignment needs from an experiment: its salt, arms and split (percentages, as in exp.json). */
export interface ArmSplit {
  salt: string;
  arms: readonly string[];
  /** Percent per arm, in the order of `arms` (or keyed by arm name); sums to 100. */
  split: readonly number[] | Readonly<Record<string, number>>;
}

/** Buckets of 1/10000: the split in basis points, cumulated. */
export const BUCKETS = 10_000;

const bounds = new WeakMap<object, Int32Array>();

/**
 * The arm of a user (docs/experiments.md, "Assignment"): bucket = floor(u32 * 10000 / 2^32), where u32 is the first
 * four bytes, big-endian, of SHA-256 over the UTF-8 bytes of `${salt}:${userId}`; the arm is the first whose cumulated
 * split in basis points (round(percent * 100)) exceeds the bucket. Deterministic, independent across salts, and the
 * same in the analysis (cartlift experiment assign / read) and in serving (cartlift/serving).
 */
export function assignArm(userId: string, experiment: ArmSplit): string {
  let cumulative = bounds.get(experiment);
  if (!cumulative) {
    cumulative = splitBounds(experiment);
    bounds.set(experiment, cumulative);
  }
  const b = assignmentBucket(userId, experiment.salt);
  for (let i = 0; i < cumulative.length; i++) if (b < cumulative[i]) return experiment.arms[i];
  return experiment.arms[experiment.arms.length - 1];
}

/** The user's bucket in [0, 10000) for a salt. */
export function assignmentBucket(userId: string, salt: string): number {
  const digest = createHash("sha256").update(`${salt}:${userId}`, "utf8").digest();
  return Math.floor((digest.readUInt32BE(0) * BUCKETS) / 2 ** 32);
}

/** Cumulated basis points per arm; throws RangeError when the split does not fit the arms or sum to 100. */
export function splitBounds(experiment: ArmSplit): Int32Array {
  const { arms, split } = experiment;
  const percents = Array.isArray(split) ? split : arms.map((a) => (split as Record<string, number>)[a]);
  if (percents.length !== arms.length || percents.some((p) => !(typeof p === "number" && p >= 0)))
    throw new RangeError(`split needs one percentage per arm (${arms.join(", ")})`);
  const out = new Int32Array(arms.length);
  let sum = 0;
  percents.forEach((p, i) => (out[i] = sum += Math.round(p * 100)));
  if (sum !== BUCKETS) throw new RangeError(`split sums to ${sum / 100}%, not 100%`);
  return out;
}
