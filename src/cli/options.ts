import { UsageError } from "../errors.js";
import { EVENT_KINDS, isEventKindName, type EventKindName } from "../data/event-kind.js";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "30m", "24h", "7d", "90s", "1500ms" -> milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|m|h|d|w)\s*$/i.exec(text);
  if (!m) throw new UsageError(`${flag}: "${text}" is not a duration`, "use a number and a unit: 90s, 30m, 24h, 7d");
  return Number(m[1]) * UNITS[m[2].toLowerCase()];
}

/** "--events view=pv,cart_add=cart": canonical=raw pairs -> raw -> canonical. */
export function parseEventMap(text: string | undefined): Record<string, EventKindName> {
  const out: Record<string, EventKindName> = {};
  if (!text) return out;
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    const canonical = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    if (eq < 0 || !raw) throw new UsageError(`--events expects canonical=raw pairs, got "${part}"`, "e.g. --events view=pv,cart_add=cart,purchase=buy");
    if (!isEventKindName(canonical)) throw new UsageError(`--events: "${canonical}" is not a canonical event type`, `types: ${EVENT_KINDS.join(", ")}`);
    out[raw] = canonical;
  }
  return out;
}

export function parseShare(text: string, flag: string): number {
  const pct = /%$/.test(text.trim());
  const v = Number(text.trim().replace(/%$/, "")) / (pct ? 100 : 1);
  if (!(v >= 0 && v <= 1)) throw new UsageError(`${flag}: "${text}" is not a share between 0 and 1 (or 0%..100%)`);
  return v;
}
