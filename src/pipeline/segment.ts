import { InputError, UsageError } from "../errors.js";
import { readDataset } from "../io/read-dataset.js";
import { readTextFile } from "../io/read-text-file.js";
import { SegmentFileWriter, segmentFileFormat } from "../io/write-segments.js";
import { NO_RULES } from "../segments/compiled-rules.js";
import { parseRules } from "../segments/parse-rules.js";
import { SegmentEngine } from "../segments/segments-at.js";
import type { SegmentParams } from "../segments/segment-names.js";
import { segmentStats } from "../segments/segment-stats.js";
import type { SegmentPoint, SegmentReport } from "../segments/segment-report.js";
import { snapshotRows } from "../segments/snapshot-rows.js";
import { TimelineTracker } from "../segments/timeline.js";
import { checkSegmentReportOut, writeSegmentReport } from "./write-segment-report.js";
import { refuseFolderAsFile } from "../io/output-path.js";
import { asWriteError, writingTo } from "../io/write-error.js";

const WEEK = 7 * 86_400_000;

export interface SegmentOptions {
  data: string;
  /** One point in time (default: just after the last event). */
  at?: number;
  /** A timeline: points every `everyMs` from `from` to `to` (inclusive). */
  everyMs?: number;
  from?: number;
  to?: number;
  rules?: string;
  out?: string;
  report?: string;
  params?: Partial<SegmentParams>;
  onProgress?: (done: number, total: number) => void;
}

/** `cartlift segment`: every user's segments at one point in time or along a timeline, with how each converts. */
export async function segment(o: SegmentOptions): Promise<SegmentReport> {
  const started = performance.now();
  if (o.out) {
    segmentFileFormat(o.out);
    refuseFolderAsFile(o.out);
  }
  if (o.report) checkSegmentReportOut(o.report); // before the work: a refused folder costs nothing
  if (o.at !== undefined && o.everyMs !== undefined) throw new UsageError("give --at or --every, not both");
  const { table } = readDataset(o.data);
  const rules = o.rules ? parseRules(readTextFile(o.rules, "--rules"), o.rules, table) : NO_RULES;
  const engine = new SegmentEngine(table, rules, o.params);
  const { first, last } = engine.scanner.span();
  if (!(first === first)) throw new InputError("empty_dataset", `${o.data} holds no events`, { file: o.data });
  const end = last + 1;
  const points = timePoints(o, first, end);
  const timeline = points.length > 1 ? new TimelineTracker(rules.names, WEEK) : null;
  const out = o.out;
  const writer = out
    ? await writingTo(out, "the segments", async () => new SegmentFileWriter(out, table.dicts.user))
    : null;
  const summaries: SegmentPoint[] = [];
  try {
    for (const [x, at] of points.entries()) {
      const s = engine.at(at, last);
      summaries.push({ at: iso(at), users: s.present, segments: segmentStats(s, rules.names) });
      timeline?.push(s);
      if (writer) await writer.write(snapshotRows(s, rules.names));
      o.onProgress?.(x + 1, points.length);
    }
    await writer?.close();
  } catch (e) {
    writer?.abort();
    throw o.out ? asWriteError(e, o.out, "the segments") : e;
  }
  const report: SegmentReport = {
    dataset: o.data,
    events: table.length,
    users: engine.scanner.users,
    span: { from: iso(first), to: iso(last) },
    params: engine.params,
    customSegments: rules.names,
    basis:
      "observational: purchases and revenue in the horizon after each point, among the segment's members; intervals are 95% (Wilson for rates, normal for revenue per user)",
    points: summaries,
    transitions: timeline?.transitions() ?? null,
    flows: timeline?.flows ?? null,
    out: o.out ?? null,
    report: null,
    seconds: 0,
  };
  if (o.report) report.report = writeSegmentReport(o.report, report);
  report.seconds = Math.round(performance.now() - started) / 1000;
  return report;
}

/** The points in time, each checked to lie inside the data: after the first event, at most just after the last. */
function timePoints(o: SegmentOptions, first: number, end: number): number[] {
  const inside = (t: number, flag: string) => {
    if (t > first && t <= end) return;
    throw new UsageError(
      `${flag} ${iso(t)} is outside the data (events from ${iso(first)} to ${iso(end - 1)})`,
      `give a time after ${iso(first)} and at most ${iso(end)}`,
    );
  };
  if (o.everyMs === undefined) {
    if (o.from !== undefined || o.to !== undefined) throw new UsageError("--from and --to go with --every");
    const at = o.at ?? end;
    inside(at, "--at");
    return [at];
  }
  if (!(o.everyMs > 0)) throw new UsageError("--every must be a positive duration");
  // by default the last whole step (midnight for 1d) at or before the end of the data
  const aligned = Math.floor(end / o.everyMs) * o.everyMs;
  const to = o.to ?? (aligned > first ? aligned : end);
  inside(to, "--to");
  let from = o.from;
  if (from === undefined) {
    from = to - 27 * o.everyMs;
    while (from <= first) from += o.everyMs;
  }
  inside(from, "--from");
  if (from > to) throw new UsageError(`--from ${iso(from)} is after --to ${iso(to)}`);
  const points: number[] = [];
  for (let t = from; t <= to; t += o.everyMs) points.push(t);
  if (points.length > 1000) throw new UsageError(`--every gives ${points.length} points; at most 1000`);
  return points;
}

const iso = (t: number) => new Date(t).toISOString();
