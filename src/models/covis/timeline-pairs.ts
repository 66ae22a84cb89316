import type { EventTable } from "../../data/event-table.js";
import { PairTable } from "./pair-table.js";
import { grown } from "../../data/grow-array.js";

/** What makes two events of one timeline a weighted pair (see docs/covis.md). */
export interface PairParams {
  /** At most this many positions apart (OTTO: 30). */
  maxGap: number;
  /** At most this far apart in time (OTTO: 24 h). */
  windowMs: number;
  /**
   * Weight of a pair by the event type of its neighbour (the later item for a -> b with a first), per EventKind code; 0
   * leaves the pair out.
   */
  kindWeight: Float64Array;
  /** Half-life of the time decay, relative to `endMs` (Infinity: no decay). */
  halfLifeMs: number;
  endMs: number;
  /** Weight pairs by 1 / (positions apart). */
  positionDecay: boolean;
  /** Event types (EventKind code -> 1) whose item may be an anchor; all when absent. */
  anchorKinds?: Uint8Array;
}

/** The event columns pair counting reads (so that a worker thread needs only these). */
export type PairEvents = Pick<EventTable, "item" | "ts" | "kind">;

const ALL_KINDS = new Uint8Array(16).fill(1);

/** Timelines with at most this many distinct items dedupe their pairs in a dense local grid. */
const GRID_ITEMS = 128;

/**
 * The distinct ordered pairs (a, b) of one timeline, each with its largest weight there: events at
 * most maxGap positions and windowMs apart, both directions, anchors restricted to a % passes === pass.
 * After `collect`, pairs `0 .. size` are in `a`, `b`, `w` (in no particular order: every pair occurs
 * once per timeline, so sums over timelines do not depend on it).
 *
 * Items are renamed to local codes per timeline, so that most timelines dedupe in a small dense grid
 * (cell -> pair index) instead of a hash table; per-event factors are computed once, not per pair.
 */
export class TimelinePairs {
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  w = new Float64Array(1024);
  size = 0;

  private readonly localOf: Int32Array;
  private readonly seenIn: Int32Array;
  private stamp = 0;
  private itemOf = new Int32Array(256);
  private code = new Int32Array(256);
  private time = new Float64Array(256);
  private weightAsNeighbour = new Float64Array(256);
  private decay = new Float64Array(256);
  private anchor = new Uint8Array(256);
  private readonly cell = new Int32Array(GRID_ITEMS * GRID_ITEMS);
  private readonly spill = new PairTable(1 << 10);
  private readonly inverse: Float64Array;
  private readonly anchorOk: Uint8Array;
  private readonly ln2OverHalfLife: number;

  constructor(
    private readonly t: PairEvents,
    nItems: number,
    private readonly p: PairParams,
    private readonly pass = 0,
    private readonly passes = 1,
  ) {
    this.localOf = new Int32Array(nItems);
    this.seenIn = new Int32Array(nItems).fill(-1);
    this.inverse = Float64Array.from({ length: p.maxGap + 1 }, (_, d) => (p.positionDecay ? 1 / d : 1));
    this.anchorOk = p.anchorKinds ?? ALL_KINDS;
    this.ln2OverHalfLife = Number.isFinite(p.halfLifeMs) ? Math.LN2 / p.halfLifeMs : 0;
  }

  /** Collects the pairs of the timeline made of event indices `events[from .. to)`; returns their number. */
  collect(events: Int32Array, from: number, to: number): number {
    this.size = 0;
    const n = to - from;
    if (n < 2) return 0;
    const distinct = this.load(events, from, to);
    if (distinct < 2) return 0;
    if (distinct <= GRID_ITEMS) this.pairsInGrid(n);
    else this.pairsInTable(n);
    return this.size;
  }

  /** Per-event factors and local item codes; returns the number of distinct items. */
  private load(events: Int32Array, from: number, to: number): number {
    const n = to - from;
    if (n > this.code.length) this.growEvents(2 * n);
    const { item, ts, kind } = this.t;
    const kw = this.p.kindWeight;
    const stamp = ++this.stamp;
    let distinct = 0;
    for (let x = 0; x < n; x++) {
      const i = events[from + x];
      const it = item[i];
      if (this.seenIn[it] !== stamp) {
        this.seenIn[it] = stamp;
        this.localOf[it] = distinct;
        this.itemOf[distinct++] = it;
      }
      this.code[x] = this.localOf[it];
      this.time[x] = ts[i];
      this.weightAsNeighbour[x] = kw[kind[i]];
      this.anchor[x] = this.anchorOk[kind[i]] && it % this.passes === this.pass ? 1 : 0;
      this.decay[x] = this.ln2OverHalfLife ? Math.exp(-(this.p.endMs - ts[i]) * this.ln2OverHalfLife) : 1;
    }
    return distinct;
  }

  private pairsInGrid(n: number): void {
    const { code, time, weightAsNeighbour: kw, decay, anchor, inverse, cell } = this;
    const { maxGap, windowMs } = this.p;
    for (let x = 0; x < n; x++) {
      const cx = code[x];
      const last = Math.min(n - 1, x + maxGap);
      for (let y = x + 1; y <= last; y++) {
        if (time[y] - time[x] > windowMs) break; // time-ordered: later events are further still
        const cy = code[y];
        if (cy === cx) continue;
        const base = decay[y] * inverse[y - x];
        if (anchor[x]) {
          const forward = base * kw[y];
          if (forward > 0) this.keepMax(cx * GRID_ITEMS + cy, cx, cy, forward);
        }
        if (anchor[y]) {
          const backward = base * kw[x];
          if (backward > 0) this.keepMax(cy * GRID_ITEMS + cx, cy, cx, backward);
        }
      }
    }
    // reset only the cells used
    for (let k = 0; k < this.size; k++) cell[this.localOf[this.a[k]] * GRID_ITEMS + this.localOf[this.b[k]]] = 0;
  }

  private keepMax(key: number, ca: number, cb: number, weight: number): void {
    const at = this.cell[key];
    if (at === 0) {
      if (this.size === this.a.length) this.growPairs();
      this.a[this.size] = this.itemOf[ca];
      this.b[this.size] = this.itemOf[cb];
      this.w[this.size] = weight;
      this.cell[key] = ++this.size;
    } else if (weight > this.w[at - 1]) this.w[at - 1] = weight;
  }

  /** Long timelines with many distinct items: the same pairs through a hash table. */
  private pairsInTable(n: number): void {
    const { code, time, weightAsNeighbour: kw, decay, anchor, inverse, itemOf, spill } = this;
    const { maxGap, windowMs } = this.p;
    spill.clear();
    for (let x = 0; x < n; x++) {
      const cx = code[x];
      const last = Math.min(n - 1, x + maxGap);
      for (let y = x + 1; y <= last; y++) {
        if (time[y] - time[x] > windowMs) break;
        const cy = code[y];
        if (cy === cx) continue;
        const base = decay[y] * inverse[y - x];
        if (anchor[x]) {
          const forward = base * kw[y];
          if (forward > 0) spill.max(itemOf[cx], itemOf[cy], forward);
        }
        if (anchor[y]) {
          const backward = base * kw[x];
          if (backward > 0) spill.max(itemOf[cy], itemOf[cx], backward);
        }
      }
    }
    spill.forEach((a, b, w) => {
      if (this.size === this.a.length) this.growPairs();
      this.a[this.size] = a;
      this.b[this.size] = b;
      this.w[this.size++] = w;
    });
  }

  private growPairs(): void {
    this.a = grown(this.a, this.a.length + 1);
    this.b = grown(this.b, this.b.length + 1);
    this.w = grown(this.w, this.w.length + 1);
  }

  private growEvents(n: number): void {
    this.itemOf = new Int32Array(n);
    this.code = new Int32Array(n);
    this.time = new Float64Array(n);
    this.weightAsNeighbour = new Float64Array(n);
    this.decay = new Float64Array(n);
    this.anchor = new Uint8Array(n);
  }
}
