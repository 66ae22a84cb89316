/** Axis scales of the report's charts: round ticks, and values to pixels. */

export interface Scale {
  low: number;
  high: number;
  ticks: number[];
  decimals: number;
}
/** Round tick steps (1, 2, 5 × 10^n) covering [min, max]; never below zero for data that is not. */
export function niceScale({ min, max }: { min: number; max: number }, tickCount = 5): Scale {
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 1];
  const nonNegative = min >= 0;
  if (max - min < 1e-12) {
    const pad = Math.abs(max) * 0.1 || 0.1;
    [min, max] = [min - pad, max + pad];
  }
  const step = niceStep((max - min) / tickCount);
  // The epsilon keeps 0.7 / 0.1 = 7.000000000000001 from adding a tick.
  let low = Math.floor(min / step + 1e-9) * step;
  const high = Math.ceil(max / step - 1e-9) * step;
  if (nonNegative && low < 0) low = 0;
  const count = Math.round((high - low) / step);
  const ticks = Array.from({ length: count + 1 }, (_, i) => low + i * step);
  return { low, high, ticks, decimals: Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) };
}

function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const f = raw / magnitude;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
}

export function scaleY(scale: Scale, plot: Plot): (y: number) => number {
  const span = scale.high - scale.low || 1;
  return (y) => plot.top + plot.height - ((y - scale.low) / span) * plot.height;
}

export function tickLabel(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return Number(text) === 0 ? (0).toFixed(decimals) : text;
}

/** A chart's plotting area inside its SVG, in pixels. */
export interface Plot {
  left: number;
  top: number;
  width: number;
  height: number;
}
