import type { Scalar } from "../../io/jsonl-batch.js";

/** Reading the loosely typed values of exported JSON (BigQuery writes INT64 as strings, nulls as null). */
export type Obj = Record<string, unknown>;

export function obj(v: unknown): Obj | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null;
}

export function objects(v: unknown): Obj[] | null {
  if (!Array.isArray(v)) return null;
  const out: Obj[] = [];
  for (const x of v) {
    const o = obj(x);
    if (o) out.push(o);
  }
  return out;
}

/** An id or name as a cell: strings and numbers as they are, "" and "(not set)" (GA4's placeholder) as missing. */
export function id(v: unknown): Scalar {
  if (typeof v === "string") return v === "" || v === "(not set)" ? null : v;
  if (typeof v === "number" || typeof v === "boolean") return v;
  return null;
}

/** A number cell; a string that is not a number is passed on as text so that the row is rejected naming it. */
export function num(v: unknown): Scalar {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    if (v === "") return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : v;
  }
  return null;
}

/**
 * Remembers which keys were seen, as 52-bit hashes (two FNV-1a passes) in a Set: about 40 bytes a key, so 1M
 * events cost ~40 MB. Two different keys collide with odds of about n^2 / 2^53 (1e-4 for 1M keys).
 */
export class SeenKeys {
  private readonly seen = new Set<number>();
  /** True when the key was seen before (and records it otherwise). */
  repeat(key: string): boolean {
    return this.repeatHash(SeenKeys.hash(key));
  }
  /** Like repeat, for a key already hashed (keys seen by another thread, see ExploderBase.keysKept). */
  repeatHash(h: number): boolean {
    if (this.seen.has(h)) return true;
    this.seen.add(h);
    return false;
  }
  static hash(key: string): number {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
  }
}

/** The most frequent keys of a sample, for messages ("found: page_location, session_id, ..."). */
export function keysOf(records: Obj[]): string[] {
  const n = new Map<string, number>();
  for (const r of records) for (const k of Object.keys(r)) n.set(k, (n.get(k) ?? 0) + 1);
  return [...n.entries()].sort((x, y) => y[1] - x[1]).map(([k]) => k);
}
