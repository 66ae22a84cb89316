import type { Obj } from "./nested-values.js";

/** Which analytics export a JSON record comes from, by the fields each one always writes; null when none fits. */
export function sniffSource(o: Obj): "ga4" | "segment" | "snowplow" | null {
  if ("event_timestamp" in o && "event_name" in o && "user_pseudo_id" in o) return "ga4";
  if ("collector_tstamp" in o || ("event_id" in o && "domain_userid" in o)) return "snowplow";
  if (typeof o.type === "string" && ("anonymousId" in o || "userId" in o || "messageId" in o)) return "segment";
  return null;
}

/** The source most records of a sample come from (null when none is a majority). */
export function sniffSample(records: Obj[]): "ga4" | "segment" | "snowplow" | null {
  const n = new Map<string, number>();
  for (const r of records) {
    const s = sniffSource(r);
    if (s) n.set(s, (n.get(s) ?? 0) + 1);
  }
  const best = [...n.entries()].sort((a, b) => b[1] - a[1])[0];
  return best && best[1] * 2 > records.length ? (best[0] as "ga4" | "segment" | "snowplow") : null;
}
