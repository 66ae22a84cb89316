import { UsageError } from "../errors.js";
import { EVENT_KINDS, isEventKindName, type EventKindName } from "../data/event-kind.js";
import type { DateOrder } from "../pipeline/vocabulary.js";

export { parseDuration } from "../data/duration.js";
export { parseShare } from "../data/share.js";

/** "--events view=pv,cart_add=cart": canonical=raw pairs -> raw -> canonical. */
export function parseEventMap(text: string | undefined): Record<string, EventKindName> {
  const out: Record<string, EventKindName> = {};
  if (!text) return out;
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    const canonical = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    if (eq < 0 || !raw)
      throw new UsageError(
        `--events expects canonical=raw pairs, got "${part}"`,
        "e.g. --events view=pv,cart_add=cart,purchase=buy",
      );
    if (!isEventKindName(canonical))
      throw new UsageError(
        `--events: "${canonical}" is not a canonical event type`,
        `types: ${EVENT_KINDS.join(", ")}`,
      );
    out[raw] = canonical;
  }
  return out;
}

/** A whole-number flag value in [min, max]; the error names the flag and quotes the value. */
export function parseWhole(text: string | number, flag: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max)
    throw new UsageError(
      `${flag} expects a whole number ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}, got "${text}"`,
    );
  return v;
}

/** --date-order: the order of slash dates such as 01/02/2020. */
export function parseDateOrder(text: string | undefined): DateOrder | undefined {
  if (text === undefined) return undefined;
  if (text !== "dmy" && text !== "mdy" && text !== "ymd")
    throw new UsageError(`--date-order must be dmy, mdy or ymd, got "${text}"`);
  return text;
}

/** A numeric flag value (any finite number); the error names the flag and quotes the value. */
export function parseNumber(text: string, flag: string): number {
  const x = Number(text);
  if (text.trim() === "" || !Number.isFinite(x)) throw new UsageError(`${flag} must be a number, got "${text}"`);
  return x;
}
