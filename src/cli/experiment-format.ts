import type { ExperimentPlanReport } from "../pipeline/experiment-plan.js";
import { reportSections, type ExperimentReadReport } from "../pipeline/experiment-read.js";

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const weeks = (w: number) => (Number.isFinite(w) ? `${w} week${w === 1 ? "" : "s"}` : "more than 10 years");

export function formatPlan(r: ExperimentPlanReport): string {
  const base = r.metric === "conversion" ? pct(r.baseline) : r.baseline.toPrecision(4);
  return [
    `Plan: ${r.metric} at the ${r.moment} moment, ${r.arms.join(" / ")} split ${r.split.join("/")}, MDE ${pct(r.mde)} relative, alpha ${r.alpha}${r.arms.length > 2 ? ` (${r.alphaPerComparison.toPrecision(3)} per comparison, Holm)` : ""}, power ${r.power}`,
    `  history: ${r.history.users} users reached the moment from ${r.history.from} to ${r.history.to} (${r.weeklyUsers.toFixed(1)} a week)`,
    `  baseline ${base}, variance per user ${r.variance.toPrecision(4)}; pre-period correlation ${r.correlation.toFixed(3)}`,
    `  users per arm: ${r.usersPerArm} (${weeks(r.weeks)}); with CUPED ${r.usersPerArmCuped} (${weeks(r.weeksCuped)})`,
    `  MDE by duration: ${r.mdeByWeeks.map((m) => `${m.weeks}w ${pct(m.mde)} (CUPED ${pct(m.mdeCuped)})${m.extrapolated ? "*" : ""}`).join(", ")}`,
    ...r.notes.map((n) => `  note: ${n}`),
    `  * extrapolated beyond the history`,
  ].join("\n");
}

export function formatRead(r: ExperimentReadReport & { files: Record<string, string> }): string {
  const out: string[] = [`Experiment ${r.experiment.name}`];
  for (const s of reportSections(r)) {
    out.push("", `${s.title}:`, ...s.paragraphs.map((p) => `  ${p}`));
    if (s.table) {
      const widths = s.table.head.map((h, c) => Math.max(h.length, ...s.table!.rows.map((row) => row[c].length)));
      const line = (cells: string[]) =>
        "  " +
        cells
          .map((x, c) => x.padEnd(widths[c]))
          .join("  ")
          .trimEnd();
      out.push(line(s.table.head), ...s.table.rows.map(line));
    }
  }
  for (const [k, f] of Object.entries(r.files)) out.push(`  ${k}: ${f}`);
  return out.join("\n");
}
