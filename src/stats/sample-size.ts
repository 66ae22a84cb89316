import { normalQuantile } from "./normal.js";

/**
 * Users per arm for a two-sided test of two means at level alpha with the given power (the textbook normal formula,
 * e.g. Chow, Shao & Wang, "Sample Size Calculations in Clinical Research", 3.2.1): n = (z_{1-alpha/2} + z_{power})^2
 * (varianceControl + varianceTreatment) / delta^2. For two proportions pass p(1 - p) of each arm. Rounded up.
 */
export function sampleSizePerArm(o: {
  delta: number;
  varianceControl: number;
  varianceTreatment?: number;
  alpha?: number;
  power?: number;
}): number {
  const { delta, varianceControl } = o;
  const varianceTreatment = o.varianceTreatment ?? varianceControl;
  const alpha = o.alpha ?? 0.05;
  const power = o.power ?? 0.8;
  if (!(delta !== 0 && Number.isFinite(delta)))
    throw new RangeError(`sampleSizePerArm: delta must be non-zero, got ${delta}`);
  if (!(alpha > 0 && alpha < 1 && power > 0 && power < 1))
    throw new RangeError(`sampleSizePerArm: alpha and power must be in (0, 1), got ${alpha} and ${power}`);
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(power);
  return Math.ceil((z * z * (varianceControl + varianceTreatment)) / (delta * delta));
}
