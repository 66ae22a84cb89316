import { ABSENT, INTENT_SEGMENTS, LIFECYCLE_STAGES } from "./segment-names.js";
import type { SegmentSnapshot } from "./snapshot.js";

/** Counts between lifecycle states (absent first, then the four stages) over pairs of points `lagMs` apart. */
export interface TransitionMatrix {
  states: string[];
  lagMs: number;
  /** Pairs of points the counts add up over. */
  pairs: number;
  /** counts[from][to]: users in state `from` at a point and `to` at the point lagMs later. */
  counts: number[][];
}

/** Users who entered and left each intent and custom segment between consecutive points. */
export interface SegmentFlow {
  segment: string;
  /** Per point from the second on: [entries, exits] since the previous point. */
  entries: number[];
  exits: number[];
}

/**
 * Follows snapshots in time order: lifecycle transitions `lagMs` apart (a week by default; consecutive points when the
 * timeline is shorter) and the entries into and exits from each intent and custom segment.
 */
export class TimelineTracker {
  private readonly lifecycles: { at: number; stages: Uint8Array }[] = [];
  private previous: { intent: Uint8Array; custom: Uint8Array; customCount: number } | null = null;
  readonly flows: SegmentFlow[];

  constructor(
    customNames: readonly string[],
    private readonly lagMs: number,
  ) {
    this.flows = [...INTENT_SEGMENTS, ...customNames].map((segment) => ({ segment, entries: [], exits: [] }));
  }

  push(s: SegmentSnapshot): void {
    this.lifecycles.push({ at: s.at, stages: s.lifecycle });
    const p = this.previous;
    if (p) {
      const I = INTENT_SEGMENTS.length;
      const C = s.customCount;
      const entries = new Float64Array(I + C);
      const exits = new Float64Array(I + C);
      for (let u = 0; u < s.intent.length; u++) {
        const changed = s.intent[u] ^ p.intent[u];
        if (changed !== 0)
          for (let b = 0; b < I; b++) {
            if (((changed >> b) & 1) === 0) continue;
            if ((s.intent[u] >> b) & 1) entries[b]++;
            else exits[b]++;
          }
        for (let c = 0; c < C; c++) {
          const now = s.custom[u * C + c];
          const was = p.custom[u * C + c];
          if (now > was) entries[I + c]++;
          else if (now < was) exits[I + c]++;
        }
      }
      this.flows.forEach((f, x) => {
        f.entries.push(entries[x]);
        f.exits.push(exits[x]);
      });
    }
    this.previous = { intent: s.intent, custom: s.custom, customCount: s.customCount };
  }

  transitions(): TransitionMatrix {
    const points = this.lifecycles;
    const span = points.length > 1 ? points[points.length - 1].at - points[0].at : 0;
    const lag = span >= this.lagMs ? this.lagMs : points.length > 1 ? points[1].at - points[0].at : this.lagMs;
    const states = ["absent", ...LIFECYCLE_STAGES];
    const counts = states.map(() => states.map(() => 0));
    let pairs = 0;
    const code = (x: number) => (x === ABSENT ? 0 : x + 1);
    for (let a = 0; a < points.length; a++)
      for (let b = a + 1; b < points.length; b++) {
        if (points[b].at - points[a].at !== lag) continue;
        pairs++;
        const [from, to] = [points[a].stages, points[b].stages];
        for (let u = 0; u < from.length; u++) counts[code(from[u])][code(to[u])]++;
      }
    return { states, lagMs: lag, pairs, counts };
  }
}
