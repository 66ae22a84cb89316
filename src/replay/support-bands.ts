/** Bands of the estimated support share (OffPolicyResult.support), from the lowest edge up. */
export const SUPPORT_BANDS = [
  { label: "< 0.3", low: -Infinity },
  { label: "0.3-0.5", low: 0.3 },
  { label: "0.5-0.7", low: 0.5 },
  { label: "0.7-0.9", low: 0.7 },
  { label: ">= 0.9", low: 0.9 },
] as const;

export function supportBand(support: number): string {
  let label: string = SUPPORT_BANDS[0].label;
  for (const b of SUPPORT_BANDS) if (support >= b.low) label = b.label;
  return label;
}
