import type { SegmentParams } from "./segment-names.js";
import type { SegmentStat } from "./segment-stats.js";
import type { SegmentFlow, TransitionMatrix } from "./timeline.js";

/** What `cartlift segment` returns and --json prints (also report.json). */
export interface SegmentPoint {
  at: string;
  /** Users with an event before this point. */
  users: number;
  segments: SegmentStat[];
}

export interface SegmentReport {
  dataset: string;
  events: number;
  users: number;
  span: { from: string; to: string };
  params: SegmentParams;
  customSegments: string[];
  /** What the next-window figures rest on. */
  basis: string;
  points: SegmentPoint[];
  transitions: TransitionMatrix | null;
  flows: SegmentFlow[] | null;
  out: string | null;
  report: { markdown: string; html: string; json: string } | null;
  seconds: number;
}
