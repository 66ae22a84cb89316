import { Vector } from "apache-arrow";

/** An Arrow value as its JSON export would hold it: lists as arrays, structs as objects, 64-bit integers as strings. */
export function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return String(v);
  if (v instanceof Vector) return [...(v as Vector)].map(plain);
  if (typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function" && !(v instanceof Date)) {
    const o = (v as { toJSON(): Record<string, unknown> }).toJSON();
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = plain(o[k]);
    return out;
  }
  return v;
}
