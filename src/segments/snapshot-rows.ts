import type { SegmentRows } from "../io/write-segments.js";
import { ABSENT, INTENT_SEGMENTS, LIFECYCLE_STAGES, RFM_GROUPS } from "./segment-names.js";
import type { SegmentSnapshot } from "./snapshot.js";

/** The rows of a snapshot's present users, in user code order (one list of segment names per user). */
export function snapshotRows(s: SegmentSnapshot, customNames: readonly string[]): SegmentRows {
  const users = new Int32Array(s.present);
  const lifecycle: string[] = new Array(s.present);
  const segments: string[][] = new Array(s.present);
  const rfm = new Uint8Array(3 * s.present);
  const rfmGroup: (string | null)[] = new Array(s.present);
  const intentLists = new Map<number, string[]>();
  let x = 0;
  for (let u = 0; u < s.lifecycle.length; u++) {
    if (s.lifecycle[u] === ABSENT) continue;
    users[x] = u;
    lifecycle[x] = LIFECYCLE_STAGES[s.lifecycle[u]];
    let list = intentLists.get(s.intent[u]);
    if (!list) intentLists.set(s.intent[u], (list = INTENT_SEGMENTS.filter((_, b) => (s.intent[u] >> b) & 1)));
    if (s.customCount > 0) {
      list = [...list];
      for (let c = 0; c < s.customCount; c++) if (s.custom[u * s.customCount + c]) list.push(customNames[c]);
    }
    segments[x] = list;
    rfm.set(s.rfm.subarray(3 * u, 3 * u + 3), 3 * x);
    rfmGroup[x] = s.rfmGroup[u] === ABSENT ? null : RFM_GROUPS[s.rfmGroup[u]];
    x++;
  }
  return { at: s.at, users, lifecycle, segments, rfm, rfmGroup };
}
