import { UsageError } from "../errors.js";

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** "30m", "24h", "7d", "90s", "1500ms" -> milliseconds; `flag` names the option in the error. */
export function parseDuration(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|m|h|d|w)\s*$/i.exec(text);
  if (!m) throw new UsageError(`${flag}: "${text}" is not a duration`, "use a number and a unit: 90s, 30m, 24h, 7d");
  return Number(m[1]) * UNITS[m[2].toLowerCase()];
}
