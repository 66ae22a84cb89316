import type { Dictionary } from "../data/dictionary.js";
import { EVENT_KINDS, EventKind } from "../data/event-kind.js";
import { InputError } from "../errors.js";
import { parseJsonObject } from "../io/json-lines.js";
import { parseTimestamp } from "./parse-time.js";
import { showText } from "../io/show-text.js";

/**
 * One line of a batch queries file, `{"id": ..., "history": [{"item", "event"?, "ts"?}], "k"?,
 * "exclude"?}`, with its items as the model's codes (-1: unknown). Both readers fill it: the byte
 * scanner for plain lines, JSON.parse for the rest (and for every error message). Reused line to line.
 */
export class BatchQuery {
  /** The id as JSON text (its bytes, as written back in the answer). */
  id = new Uint8Array(64);
  idLength = 0;
  /** History events, oldest first. */
  size = 0;
  items = new Int32Array(16);
  kinds = new Uint8Array(16);
  /** Epoch ms; NaN where the line gives none. */
  times = new Float64Array(16);
  /** The line's own k, or 0 for the batch's. */
  k = 0;
  excluded = 0;
  exclude = new Int32Array(16);

  clear(): void {
    this.idLength = 0;
    this.size = 0;
    this.k = 0;
    this.excluded = 0;
  }

  setId(b: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (n > this.id.length) this.id = new Uint8Array(2 * n);
    for (let x = 0; x < n; x++) this.id[x] = b[start + x];
    this.idLength = n;
  }

  addEvent(item: number, kind: number, ts: number): void {
    if (this.size === this.items.length) {
      this.items = grow(this.items, new Int32Array(2 * this.size));
      this.kinds = grow(this.kinds, new Uint8Array(2 * this.size));
      this.times = grow(this.times, new Float64Array(2 * this.size));
    }
    this.items[this.size] = item;
    this.kinds[this.size] = kind;
    this.times[this.size++] = ts;
  }

  addExclude(item: number): void {
    if (this.excluded === this.exclude.length) this.exclude = grow(this.exclude, new Int32Array(2 * this.excluded));
    this.exclude[this.excluded++] = item;
  }
}

function grow<T extends Int32Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** The largest k a line may ask for (the CLI's --k has the same bound): a k of a billion would allocate gigabytes. */
export const MAX_K = 10_000;

const encoder = new TextEncoder();
const HINT =
  'each line: {"id": ..., "history": [{"item": "...", "event": "view", "ts": 1690000000000 or "2023-07-22T04:26:40Z"}]}';

/**
 * A history event's time: a number is epoch milliseconds as given; a string is ISO 8601 as every time flag takes it
 * (zone-less means UTC) or epoch digits; NaN when absent or unreadable.
 */
function queryTime(ts: unknown): number {
  if (typeof ts === "number") return Number.isFinite(ts) ? ts : NaN;
  if (typeof ts !== "string") return NaN;
  const bytes = encoder.encode(ts);
  return parseTimestamp(bytes, 0, bytes.length, (local) => local);
}

/**
 * Reads one query line through JSON.parse into `q`, or throws an error naming file and line: the
 * reference reading (the byte scanner must agree with it on every line it accepts).
 */
export function readQueryJson(text: string, items: Dictionary, q: BatchQuery, file: string, line: number): void {
  const o = parseJsonObject(text, file, line);
  const bad = (what: string) => new InputError("bad_query", `${file}:${line}: ${what}`, { file, hint: HINT });
  if (o.id === undefined) throw bad('no "id"');
  if (!Array.isArray(o.history)) throw bad('"history" must be a list');
  q.clear();
  const id = encoder.encode(JSON.stringify(o.id));
  q.setId(id, 0, id.length);
  o.history.forEach((e: unknown, x: number) => {
    if (typeof e !== "object" || e === null || (e as { item?: unknown }).item === undefined)
      throw bad(`history[${x}] has no "item"`);
    const { item, event, ts } = e as { item: unknown; event?: unknown; ts?: unknown };
    const time = queryTime(ts);
    if (time !== time && ts !== undefined)
      throw bad(
        `history[${x}].ts ${showText(JSON.stringify(ts) ?? String(ts), 60)} is not a time: give epoch milliseconds or ISO 8601 ("2024-01-31T12:00:00Z")`,
      );
    const kind = event === undefined ? EventKind.view : (EVENT_KINDS as readonly string[]).indexOf(String(event));
    if (kind < 0) throw bad(`history[${x}].event "${String(event)}" is not one of ${EVENT_KINDS.join(", ")}`);
    q.addEvent(items.lookup(String(item)), kind, time);
  });
  if (o.k !== undefined) {
    const k = Number(o.k);
    if (!(Number.isInteger(k) && k >= 1 && k <= MAX_K))
      throw bad(`"k" must be a whole number from 1 to ${MAX_K.toLocaleString("en-US")}`);
    q.k = k;
  }
  if (Array.isArray(o.exclude)) for (const id of o.exclude) q.addExclude(items.lookup(String(id)));
}
