import type { EventDictionaries } from "../data/event-table.js";
import type { DatasetSummary } from "../data/table-summary.js";
import {
  DATASET_FORMAT,
  DATASET_SCHEMA_VERSION,
  EVENTS_FILE,
  QUARANTINE_FILE,
  type DatasetManifest,
  type SourceRecord,
} from "../io/dataset-format.js";
import { VERSION } from "../version.js";
import type { IngestCounters } from "./ingest-counters.js";

/** The dataset's manifest: an --append adds its sources and counts to the previous manifest's. */
export function buildManifest(
  summary: DatasetSummary,
  dicts: EventDictionaries,
  prev: DatasetManifest | null,
  sources: SourceRecord[],
  c: IngestCounters,
  o: { gapMs: number; tz: string; derivedSessions: number; quarantine: boolean },
): DatasetManifest {
  const reasons = { ...(prev?.counts.rejectedByReason ?? {}) };
  for (const [k, v] of c.byReason) reasons[k] = (reasons[k] ?? 0) + v;
  return {
    format: DATASET_FORMAT,
    schemaVersion: DATASET_SCHEMA_VERSION,
    cartliftVersion: VERSION,
    files: { events: EVENTS_FILE, quarantine: o.quarantine ? QUARANTINE_FILE : null },
    sources: [...(prev?.sources ?? []), ...sources],
    events: summary.events,
    eventsByType: summary.eventsByType,
    users: dicts.user.size,
    items: dicts.item.size,
    sessions: dicts.session.size,
    categories: dicts.category.size,
    orders: dicts.order.size,
    timeSpan: summary.timeSpan,
    counts: {
      read: (prev?.counts.read ?? 0) + c.read,
      accepted: (prev?.counts.accepted ?? 0) + c.accepted,
      rejected: (prev?.counts.rejected ?? 0) + c.rejected,
      rejectedByReason: Object.fromEntries(Object.entries(reasons).sort()),
    },
    ingest: {
      sessionGapMs: o.gapMs,
      derivedSessions: (prev?.ingest.derivedSessions ?? 0) + o.derivedSessions,
      tz: o.tz,
      appends: prev ? prev.ingest.appends + 1 : 0,
    },
  };
}
