import type { CompiledRules, Condition } from "./compiled-rules.js";
import type { SegmentSnapshot } from "./snapshot.js";

/** Fills the snapshot's custom membership from the rules and the scan's measures (user-major, users x measures). */
export function evaluateRules(rules: CompiledRules, s: SegmentSnapshot, measures: Float64Array): void {
  const S = rules.names.length;
  const U = s.lifecycle.length;
  const M = rules.measures.length;
  s.customCount = S;
  s.custom = new Uint8Array(U * S);
  // Stryker disable next-line EqualityOperator: user U reads undefined everywhere and its writes fall past the end
  for (let u = 0; u < U; u++) {
    if (s.lifecycle[u] === 255) continue;
    for (const r of rules.evaluationOrder)
      s.custom[u * S + r] = holds(rules.conditions[r], u, s, measures, u * M) ? 1 : 0;
  }
}

function holds(c: Condition, u: number, s: SegmentSnapshot, values: Float64Array, base: number): boolean {
  switch (c.op) {
    case "all":
      return c.of.every((x) => holds(x, u, s, values, base));
    case "any":
      return c.of.some((x) => holds(x, u, s, values, base));
    case "not":
      return !holds(c.of, u, s, values, base);
    case "measure": {
      const v = values[base + c.slot];
      return v >= c.min && v <= c.max;
    }
    case "since": {
      const v = values[base + c.slot];
      return v > c.moreThanMs && v < c.lessThanMs;
    }
    case "lifecycle":
      return ((c.mask >> s.lifecycle[u]) & 1) === 1;
    case "intent":
      return ((s.intent[u] >> c.bit) & 1) === 1;
    case "rfm":
      return s.rfmGroup[u] !== 255 && ((c.mask >> s.rfmGroup[u]) & 1) === 1;
    case "custom":
      return s.custom[u * s.customCount + c.index] === 1;
  }
}
