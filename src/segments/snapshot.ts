/** Every user's segments at one point in time, as typed columns indexed by user code. */
export interface SegmentSnapshot {
  /** Epoch ms: membership rests on the events strictly before it. */
  at: number;
  /** Users with at least one event before `at`. */
  present: number;
  /** Lifecycle stage code per user (LIFECYCLE_STAGES index), or ABSENT. */
  lifecycle: Uint8Array;
  /** Built-in intent segments per user, bit i for INTENT_SEGMENTS[i]. */
  intent: Uint8Array;
  /** Custom segment membership, user-major: custom[user * customCount + s]. */
  custom: Uint8Array;
  customCount: number;
  /** Distinct orders and their value (sum of price x quantity over purchase rows) before `at`. */
  orders: Int32Array;
  value: Float64Array;
  /** Time of the last order's first purchase row; NaN for non-buyers. */
  lastOrder: Float64Array;
  /** R, F, M scores 1-5, user-major (rfm[3u], rfm[3u+1], rfm[3u+2]); 0 for non-buyers. */
  rfm: Uint8Array;
  /** RFM_GROUPS index per user; ABSENT for non-buyers. */
  rfmGroup: Uint8Array;
  /** 1 when the user bought in [at, at + horizon), and that revenue. */
  futureBuyer: Uint8Array;
  futureRevenue: Float64Array;
  /** Whether the data covers [at, at + horizon) (else the future columns are not reported). */
  horizonCovered: boolean;
}
