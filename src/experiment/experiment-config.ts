import { InputError } from "../errors.js";
import { splitBounds } from "./assign-arm.js";

export const MOMENTS = ["empty-cart", "add-to-cart", "abandoned-cart", "price-drop", "any"] as const;
export type MomentName = (typeof MOMENTS)[number];
export const METRICS = ["conversion", "orders-per-user", "revenue-per-user"] as const;
export type MetricName = (typeof METRICS)[number];

/** A validated exp.json (docs/experiments.md lists the fields). */
export interface ExperimentConfig {
  name: string;
  salt: string;
  arms: string[];
  /** Percent per arm, in the order of `arms`; sums to 100. */
  split: number[];
  /** The arm the others are compared with (default: the first). */
  control: string;
  moment: MomentName;
  /** Epoch ms; the experiment runs over [start, end). */
  start: number;
  end: number;
  metric: MetricName;
  /** The planned users per arm (from cartlift experiment plan), when known. */
  usersPerArm: number | null;
  alpha: number;
}

/** Validates a parsed exp.json; every error names the file and the field, exit 2. */
export function parseExperiment(raw: unknown, file: string): ExperimentConfig {
  const fail = (field: string, detail: string): never => {
    throw new InputError("bad_experiment", `${file}: "${field}" ${detail}`, {
      file,
      hint: "see docs/experiments.md for the fields of an experiment file",
    });
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return fail("(top level)", "must be a JSON object");
  const o = raw as Record<string, unknown>;
  const text = (field: string, fallback?: string): string => {
    const v = o[field] ?? fallback;
    if (typeof v !== "string" || v.trim() === "")
      return fail(field, `must be a non-empty string, got ${JSON.stringify(v)}`);
    return v;
  };
  const name = text("name", "experiment");
  const salt = text("salt");
  if (!Array.isArray(o.arms) || o.arms.length < 2 || o.arms.some((a) => typeof a !== "string" || a === ""))
    return fail("arms", `must list at least two arm names, got ${JSON.stringify(o.arms)}`);
  const arms = o.arms as string[];
  const dup = arms.find((a, i) => arms.indexOf(a) !== i);
  if (dup !== undefined) fail("arms", `names "${dup}" twice`);
  let split: number[];
  if (o.split === undefined) split = arms.map(() => 100 / arms.length);
  else if (Array.isArray(o.split)) {
    if (o.split.length !== arms.length)
      fail("split", `has ${o.split.length} values for ${arms.length} arms (${arms.join(", ")})`);
    split = o.split as number[];
  } else if (typeof o.split === "object" && o.split !== null) {
    const keyed = o.split as Record<string, unknown>;
    const unknown = Object.keys(keyed).filter((k) => !arms.includes(k));
    if (unknown.length > 0)
      fail("split", `names unknown arm(s) ${unknown.map((k) => `"${k}"`).join(", ")} (arms: ${arms.join(", ")})`);
    const missing = arms.filter((a) => !(a in keyed));
    if (missing.length > 0) fail("split", `gives no share to arm(s) ${missing.join(", ")}`);
    split = arms.map((a) => keyed[a] as number);
  } else return fail("split", `must be a list of percentages or an object arm -> percentage`);
  if (split.some((p) => typeof p !== "number" || !(p > 0 && p < 100)))
    fail("split", `must hold percentages between 0 and 100, got ${JSON.stringify(o.split)}`);
  try {
    splitBounds({ salt, arms, split });
  } catch (e) {
    fail("split", `${(e as Error).message.replace(/^split /, "")} (${JSON.stringify(o.split)})`);
  }
  const control = o.control === undefined ? arms[0] : text("control");
  if (!arms.includes(control)) fail("control", `names "${control}", which is not an arm (arms: ${arms.join(", ")})`);
  const moment = text("moment") as MomentName;
  if (!MOMENTS.includes(moment)) fail("moment", `is "${moment}"; one of ${MOMENTS.join(", ")}`);
  const metric = text("metric", "conversion") as MetricName;
  if (!METRICS.includes(metric)) fail("metric", `is "${metric}"; one of ${METRICS.join(", ")}`);
  const time = (field: string): number => {
    const v = text(field);
    const ms = Date.parse(v);
    if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(ms)) return fail(field, `is not an ISO 8601 time: "${v}"`);
    return ms;
  };
  const start = time("start");
  const end = time("end");
  if (!(end > start)) fail("end", `(${o.end}) must come after "start" (${o.start})`);
  let usersPerArm: number | null = null;
  if (o.usersPerArm !== undefined) {
    if (!(Number.isInteger(o.usersPerArm) && (o.usersPerArm as number) > 0))
      fail("usersPerArm", `must be a whole number above 0, got ${JSON.stringify(o.usersPerArm)}`);
    usersPerArm = o.usersPerArm as number;
  }
  const alpha = o.alpha === undefined ? 0.05 : (o.alpha as number);
  if (!(typeof alpha === "number" && alpha > 0 && alpha < 0.5))
    fail("alpha", `must be in (0, 0.5), got ${JSON.stringify(o.alpha)}`);
  const known = new Set([
    "name",
    "salt",
    "arms",
    "split",
    "control",
    "moment",
    "start",
    "end",
    "metric",
    "usersPerArm",
    "alpha",
    "description",
  ]);
  const extra = Object.keys(o).filter((k) => !known.has(k));
  if (extra.length > 0) fail(extra[0], `is not a field of an experiment file (fields: ${[...known].join(", ")})`);
  return { name, salt, arms, split, control, moment, start, end, metric, usersPerArm, alpha };
}
