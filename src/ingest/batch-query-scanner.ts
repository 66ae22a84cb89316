import type { Dictionary } from "../data/dictionary.js";
import { EVENT_KINDS, EventKind } from "../data/event-kind.js";
import { MAX_K, type BatchQuery } from "./batch-query.js";
import { numberValue, plainStringEnd, skipJsonValue, skipNumber, skipSpace } from "../io/json-bytes.js";

const KIND_BYTES = EVENT_KINDS.map((name) => Uint8Array.from(name, (c) => c.charCodeAt(0)));
const KEY = { id: 1, history: 2, k: 4, exclude: 8, item: 16, event: 32, ts: 64, other: 0 } as const;
const NO = -1;

/**
 * Reads a query line b[start, end) straight from its bytes into `q`, looking its item ids up in the
 * dictionary without making strings. Returns false, leaving the line to readQueryJson, for anything
 * it does not read exactly as JSON.parse would: escapes in an id, numbers as ids beyond 15 digits, a
 * known key twice, invalid JSON, a missing id... It reads every line the same as readQueryJson or
 * not at all; b[end] must be the line's newline (see json-bytes).
 */
export function scanQueryLine(b: Uint8Array, start: number, end: number, items: Dictionary, q: BatchQuery): boolean {
  q.clear();
  let p = skipSpace(b, start, end);
  if (b[p] !== 123) return false;
  p = skipSpace(b, p + 1, end);
  let seen = 0;
  if (b[p] !== 125)
    for (;;) {
      const key = keyAt(b, p, end);
      if (key < 0 || (seen & key) !== 0) return false;
      seen |= key;
      p = valueStart(b, p, end);
      if (p < 0) return false;
      if (key === KEY.id) p = scanId(b, p, end, q);
      else if (key === KEY.history) p = scanList(b, p, end, items, q, scanEvent);
      else if (key === KEY.k) p = scanK(b, p, end, q);
      else if (key === KEY.exclude) p = scanList(b, p, end, items, q, scanExcluded);
      else p = skipJsonValue(b, p, end); // another key: not read, only checked
      if (p < 0) return false;
      p = skipSpace(b, p, end);
      if (b[p] === 125) break;
      if (b[p] !== 44) return false;
      p = skipSpace(b, p + 1, end);
    }
  return (seen & (KEY.id | KEY.history)) === (KEY.id | KEY.history) && skipSpace(b, p + 1, end) === end;
}

/** The key at p (a KEY bit, 0 for another key, -1 if no plain string is there). */
function keyAt(b: Uint8Array, p: number, end: number): number {
  if (b[p] !== 34) return NO;
  const close = plainStringEnd(b, p + 1, end);
  if (close < 0) return NO;
  const s = p + 1;
  switch (close - s) {
    case 2:
      return b[s] === 105 && b[s + 1] === 100 ? KEY.id : b[s] === 116 && b[s + 1] === 115 ? KEY.ts : KEY.other;
    case 1:
      return b[s] === 107 ? KEY.k : KEY.other;
    case 4:
      return is(b, s, "item") ? KEY.item : KEY.other;
    case 5:
      return is(b, s, "event") ? KEY.event : KEY.other;
    case 7:
      return is(b, s, "history") ? KEY.history : is(b, s, "exclude") ? KEY.exclude : KEY.other;
    default:
      return KEY.other;
  }
}

function is(b: Uint8Array, s: number, word: string): boolean {
  for (let x = 0; x < word.length; x++) if (b[s + x] !== word.charCodeAt(x)) return false;
  return true;
}

/** From the key at p (already read by keyAt) past its colon to its value, or -1. */
function valueStart(b: Uint8Array, p: number, end: number): number {
  p = skipSpace(b, plainStringEnd(b, p + 1, end) + 1, end);
  if (b[p] !== 58) return NO;
  return skipSpace(b, p + 1, end);
}

/** After an integer of at most 15 digits written as JSON.stringify writes it (so "-0" and "007" are not), or -1. */
function plainIntegerEnd(b: Uint8Array, p: number, end: number): number {
  const e = skipNumber(b, p, end);
  if (e < 0) return NO;
  const digits = b[p] === 45 ? p + 1 : p;
  if (e - digits > 15) return NO;
  for (let x = digits; x < e; x++) if (b[x] < 48 || b[x] > 57) return NO;
  if (b[p] === 45 && e - digits === 1 && b[digits] === 48) return NO;
  return e;
}

/** An id or item id that reads back as its own bytes: a plain string (quotes kept for an id) or a plain integer. */
function scanId(b: Uint8Array, p: number, end: number, q: BatchQuery): number {
  const e = b[p] === 34 ? plainStringEnd(b, p + 1, end) + 1 : plainIntegerEnd(b, p, end);
  if (e <= 0) return NO;
  q.setId(b, p, e);
  return e;
}

type ElementScanner = (b: Uint8Array, p: number, end: number, items: Dictionary, q: BatchQuery) => number;

/** A JSON list whose elements `element` reads (returning the index after each, or -1). */
function scanList(
  b: Uint8Array,
  p: number,
  end: number,
  items: Dictionary,
  q: BatchQuery,
  element: ElementScanner,
): number {
  if (b[p] !== 91) return NO;
  p = skipSpace(b, p + 1, end);
  if (b[p] === 93) return p + 1;
  for (;;) {
    if ((p = element(b, p, end, items, q)) < 0) return NO;
    p = skipSpace(b, p, end);
    if (b[p] === 93) return p + 1;
    if (b[p] !== 44) return NO;
    p = skipSpace(b, p + 1, end);
  }
}

/** One history event {"item", "event"?, "ts"?} (other keys skipped). */
function scanEvent(b: Uint8Array, p: number, end: number, items: Dictionary, q: BatchQuery): number {
  if (b[p] !== 123) return NO;
  p = skipSpace(b, p + 1, end);
  let seen = 0;
  let item = -1;
  let kind: number = EventKind.view;
  let ts = NaN;
  if (b[p] !== 125)
    for (;;) {
      const key = keyAt(b, p, end);
      if (key < 0 || (seen & key) !== 0) return NO;
      seen |= key;
      if ((p = valueStart(b, p, end)) < 0) return NO;
      if (key === KEY.item) {
        const e = idEnd(b, p, end);
        if (e < 0) return NO;
        item = itemCode(b, p, e, items);
        p = e;
      } else if (key === KEY.event) {
        const close = b[p] === 34 ? plainStringEnd(b, p + 1, end) : NO;
        if (close < 0 || (kind = kindOf(b, p + 1, close)) < 0) return NO;
        p = close + 1;
      } else if (key === KEY.ts) {
        const e = skipNumber(b, p, end);
        if (e < 0) return NO;
        ts = numberValue(b, p, e);
        p = e;
      } else if ((p = skipJsonValue(b, p, end)) < 0) return NO;
      p = skipSpace(b, p, end);
      if (b[p] === 125) break;
      if (b[p] !== 44) return NO;
      p = skipSpace(b, p + 1, end);
    }
  if (!(seen & KEY.item)) return NO;
  q.addEvent(item, kind, ts);
  return p + 1;
}

/** After an item id (a plain string or integer, which String() would give as these bytes), or -1. */
function idEnd(b: Uint8Array, p: number, end: number): number {
  if (b[p] !== 34) return plainIntegerEnd(b, p, end);
  const close = plainStringEnd(b, p + 1, end);
  return close < 0 ? NO : close + 1;
}

/** The code of the item id b[p, e) read by idEnd (a string's quotes left out), or -1. */
function itemCode(b: Uint8Array, p: number, e: number, items: Dictionary): number {
  return b[p] === 34 ? items.lookupBytes(b, p + 1, e - 1) : items.lookupBytes(b, p, e);
}

function kindOf(b: Uint8Array, s: number, e: number): number {
  next: for (let k = 0; k < KIND_BYTES.length; k++) {
    const name = KIND_BYTES[k];
    if (name.length !== e - s) continue;
    for (let x = 0; x < name.length; x++) if (name[x] !== b[s + x]) continue next;
    return k;
  }
  return NO;
}

/** "k": a whole number from 1 to MAX_K (else the JSON path words the error). */
function scanK(b: Uint8Array, p: number, end: number, q: BatchQuery): number {
  const e = skipNumber(b, p, end);
  if (e < 0) return NO;
  const k = numberValue(b, p, e);
  if (!(Number.isInteger(k) && k >= 1 && k <= MAX_K)) return NO;
  q.k = k;
  return e;
}

/** One id of "exclude". */
function scanExcluded(b: Uint8Array, p: number, end: number, items: Dictionary, q: BatchQuery): number {
  const e = idEnd(b, p, end);
  if (e >= 0) q.addExclude(itemCode(b, p, e, items));
  return e;
}
