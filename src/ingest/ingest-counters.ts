import { EVENT_KINDS } from "../data/event-kind.js";

export interface CountsSnapshot {
  read: number;
  accepted: number;
  rejected: number;
  byReason: Map<string, number>;
  byKind: Float64Array;
  unknownEvents: Map<string, number>;
}

/** Counts one ingest keeps; read = accepted + rejected holds at every batch boundary. */
export class IngestCounters {
  read = 0;
  accepted = 0;
  rejected = 0;
  readonly byReason = new Map<string, number>();
  readonly byKind = new Float64Array(EVENT_KINDS.length);
  /** Raw event names with no mapping, and how often they were seen. */
  readonly unknownEvents = new Map<string, number>();
  /** Every event name read (one-thread reads), with its canonical type or null when left out, and its rows. */
  readonly eventNames = new Map<string, { type: string | null; rows: number }>();
  /** Rows whose event name a preset leaves out (GA4 page_view...): neither read nor rejected. */
  leftOut = 0;

  reject(reason: string): void {
    this.rejected++;
    this.byReason.set(reason, (this.byReason.get(reason) ?? 0) + 1);
  }

  /** A copy of the counts, to undo work that has to be redone (see restore). */
  snapshot(): CountsSnapshot {
    return {
      read: this.read,
      accepted: this.accepted,
      rejected: this.rejected,
      byReason: new Map(this.byReason),
      byKind: this.byKind.slice(),
      unknownEvents: new Map(this.unknownEvents),
    };
  }

  restore(s: CountsSnapshot): void {
    this.read = s.read;
    this.accepted = s.accepted;
    this.rejected = s.rejected;
    this.byKind.set(s.byKind);
    for (const [map, saved] of [
      [this.byReason, s.byReason],
      [this.unknownEvents, s.unknownEvents],
    ] as const) {
      map.clear();
      for (const [k, v] of saved) map.set(k, v);
    }
  }
}
