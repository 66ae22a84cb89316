import { UsageError } from "../errors.js";

/** A share given as 0..1 or 0%..100% ("0.01", "1%"); the error names where it was given (a flag or a key). */
export function parseShare(text: string, name: string): number {
  const pct = /%$/.test(text.trim());
  const v = Number(text.trim().replace(/%$/, "")) / (pct ? 100 : 1);
  if (!(v >= 0 && v <= 1)) throw new UsageError(`${name}: "${text}" is not a share between 0 and 1 (or 0%..100%)`);
  return v;
}
