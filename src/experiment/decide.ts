import type { ExperimentReadReport } from "./experiment-report.js";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signedNum = (x: number) => `${x >= 0 ? "+" : ""}${x.toPrecision(3)}`;

/**
 * The plain-language decision at the top of a read: significance, direction, planned sample, and the checks. A change
 * is significant when its p-value (Holm-adjusted with more than two arms) is below alpha and its 95% interval of the
 * difference excludes 0; the direction is the difference's sign, which the interval then shares.
 */
export function decide(r: Omit<ExperimentReadReport, "decision">, ended: boolean): ExperimentReadReport["decision"] {
  const e = r.experiment;
  const primary = r.metrics.find((m) => m.primary);
  const srmFailed = r.srm.failed;
  const planned =
    e.usersPerArmPlanned === null ? null : Object.values(r.triggered.byArm).every((n) => n >= e.usersPerArmPlanned!);
  if (!primary) {
    const why =
      r.triggered.total === 0
        ? `No user reached the ${e.moment} moment between ${e.start} and ${e.end}`
        : "Too few users to compare the arms";
    return {
      summary: `${why}: nothing to read yet.`,
      significant: false,
      direction: "none",
      plannedSampleReached: planned,
      srmFailed,
      safeToStopEarly: false,
    };
  }
  const parts: string[] = [];
  if (srmFailed)
    parts.push(
      `SAMPLE RATIO MISMATCH: the arms hold ${Object.entries(r.triggered.byArm)
        .map(([a, n]) => `${a} ${n}`)
        .join(
          ", ",
        )} users against a planned ${e.split.join("/")} split (p = ${r.srm.p.toExponential(2)}). Assignment or logging is broken; do not trust the results below until it is explained.`,
    );
  let significant = false;
  let direction: "up" | "down" | "none" = "none";
  for (const c of primary.comparisons) {
    // the test and the interval must agree: a p-value below alpha with an interval that holds 0 (or the reverse, which
    // the two-proportion comparison's score interval allows near the boundary) is not called significant
    const excludesZero = c.interval[0] > 0 || c.interval[1] < 0;
    const sig = c.pHolm < e.alpha && excludesZero;
    const dir = c.difference > 0 ? "up" : c.difference < 0 ? "down" : "none";
    if (sig) {
      significant = true;
      direction = dir;
    }
    parts.push(
      `${c.arm} vs ${e.control}: ${e.metric} ${sig ? `${dir === "up" ? "rose" : "fell"} significantly` : "showed no significant change"} (${c.relative >= 0 ? "+" : ""}${pct(c.relative)}, 95% interval ${pct(c.relativeInterval[0])} to ${pct(c.relativeInterval[1])}; difference ${signedNum(c.difference)} [${signedNum(c.interval[0])}, ${signedNum(c.interval[1])}]; p = ${c.pHolm.toPrecision(2)}${primary.comparisons.length > 1 ? " after Holm" : ""}).`,
    );
    if (!Number.isNaN(c.pHolm) && c.pHolm < e.alpha !== excludesZero)
      parts.push(
        `The p-value and the interval of the difference disagree at the boundary: a change is called significant only when p < ${e.alpha} and that interval excludes 0.`,
      );
  }
  const safe = r.sequential.some((s) => s.significant);
  if (planned === false)
    parts.push(
      `The planned sample (${e.usersPerArmPlanned} users per arm) is not reached yet${safe ? "" : ": read the always-valid result only, or wait"}.`,
    );
  else if (planned === true) parts.push("The planned sample is reached.");
  if (!ended)
    parts.push(
      `Interim read: fixed-horizon p-values are valid only at the planned end; the always-valid result ${safe ? "is significant and safe to act on now" : "is not significant yet"}.`,
    );
  return {
    summary: parts.join(" "),
    significant,
    direction,
    plannedSampleReached: planned,
    srmFailed,
    safeToStopEarly: safe,
  };
}
