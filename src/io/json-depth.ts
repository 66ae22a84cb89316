/**
 * The deepest nesting a JSON record may have. JSON.parse reads any depth, but JSON.stringify and every
 * recursive walk of the value overflow the stack near 10,000 levels; no event record needs more than a few.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether a parsed JSON value nests arrays or objects deeper than `max` levels (walked without recursion). */
export function deeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  if (value === null || typeof value !== "object") return false;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const v = stack.pop() as object;
    const depth = depths.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === "object") {
        stack.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
