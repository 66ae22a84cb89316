/** An estimate of a policy's expected clicks (or orders) per widget view, with its interval. */
export interface Estimate {
  value: number;
  low: number;
  high: number;
}
