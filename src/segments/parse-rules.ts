import { CartliftError } from "../errors.js";
import { EVENT_KINDS, eventKindCode } from "../data/event-kind.js";
import type { EventTable } from "../data/event-table.js";
import type { CompiledRules, Condition, Measure } from "./compiled-rules.js";
import { INTENT_SEGMENTS, LIFECYCLE_STAGES, RFM_GROUPS, type SegmentParams } from "./segment-names.js";

/** A rules file that does not validate: names the file, the segment (or params) and the field. Exit 2. */
export class RulesError extends CartliftError {
  constructor(file: string, where: string, field: string, problem: string) {
    super("bad_rules", `${file}: ${where}: field "${field}": ${problem}`, "see docs/segments.md#custom-segments");
    this.name = "RulesError";
  }
}

/** Every "params" field: its name in the file, the SegmentParams key, and whether it is a duration. */
const PARAM_FIELDS: Record<string, { key: keyof SegmentParams; duration: boolean }> = {
  cartWindow: { key: "cartWindowMs", duration: true },
  wishlistWindow: { key: "wishlistWindowMs", duration: true },
  categoryViews: { key: "categoryViews", duration: false },
  categoryWindow: { key: "categoryWindowMs", duration: true },
  priceWatchDays: { key: "priceWatchDays", duration: false },
  priceWatchWindow: { key: "priceWatchWindowMs", duration: true },
  loyalOrders: { key: "loyalOrders", duration: false },
  lapseFactor: { key: "lapseFactor", duration: false },
  dormantAfter: { key: "dormantMs", duration: true },
  horizon: { key: "horizonMs", duration: true },
};
export const PARAM_NAMES = Object.keys(PARAM_FIELDS);

const FIELDS: Record<string, string[]> = {
  count: ["event", "within", "category", "items", "atLeast", "atMost"],
  since: ["event", "moreThan", "lessThan"],
  orders: ["within", "atLeast", "atMost"],
  orderValue: ["within", "atLeast", "atMost"],
};
const OPERATORS = ["all", "any", "not", "count", "since", "orders", "orderValue", "lifecycle", "segment"];
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|min|m|h|d|w)$/;
const UNIT: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, min: 6e4, h: 36e5, d: 864e5, w: 6048e5 };
const NAME = /^[a-z0-9][a-z0-9_-]*$/;
const BUILT_IN: readonly string[] = [...LIFECYCLE_STAGES, ...INTENT_SEGMENTS, ...RFM_GROUPS];

/**
 * Validates a rules file's JSON text and compiles it against the dataset's dictionaries. Only plain data is accepted:
 * every object's fields are checked against a fixed list, nothing is evaluated as code.
 */
export function parseRules(text: string, file: string, table: EventTable): CompiledRules {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new CartliftError("bad_rules", `${file}: not valid JSON (${(e as Error).message})`);
  }
  const top = object(doc, file, "the file", "(top level)");
  known(top, ["params", "segments"], file, "the file", "");
  const params = parseParams(top.params, file);
  const segs = object(top.segments ?? {}, file, "the file", "segments");
  const names = Object.keys(segs);
  for (const n of names) {
    if (!NAME.test(n)) bad(file, `segment "${n}"`, "(name)", "use lower-case letters, digits, - and _");
    if (BUILT_IN.includes(n)) bad(file, `segment "${n}"`, "(name)", "is a built-in segment; choose another name");
  }
  const measures: Measure[] = [];
  const refs: number[][] = names.map(() => []);
  const conditions = names.map((n, x) => {
    const c = new Compiler(file, `segment "${n}"`, table, names, measures, refs[x]);
    return c.condition(segs[n], "");
  });
  return { names, evaluationOrder: topological(names, refs, file), conditions, measures, params };
}

class Compiler {
  constructor(
    private readonly file: string,
    private readonly where: string,
    private readonly table: EventTable,
    private readonly names: string[],
    private readonly measures: Measure[],
    private readonly refs: number[],
  ) {}

  condition(v: unknown, path: string): Condition {
    const o = object(v, this.file, this.where, path || "(condition)");
    const keys = Object.keys(o);
    if (keys.length !== 1 || !OPERATORS.includes(keys[0]))
      this.fail(
        path + (keys.find((k) => !OPERATORS.includes(k)) ?? keys.join("+")),
        `a condition is an object with exactly one of ${OPERATORS.join(", ")}`,
      );
    const op = keys[0];
    const at = path + op;
    const body = o[op];
    if (op === "all" || op === "any") {
      if (!Array.isArray(body) || body.length === 0) this.fail(at, "expects a non-empty list of conditions");
      return { op, of: (body as unknown[]).map((c, x) => this.condition(c, `${at}[${x}].`)) };
    }
    if (op === "not") return { op, of: this.condition(body, `${at}.`) };
    if (op === "lifecycle") return { op, mask: this.mask(body, at, LIFECYCLE_STAGES) };
    if (op === "segment") return this.segment(body, at);
    const f = object(body, this.file, this.where, at);
    known(f, FIELDS[op], this.file, this.where, at + ".");
    if (op === "since") {
      const kind = this.event(f.event, `${at}.event`);
      const moreThanMs = f.moreThan === undefined ? -Infinity : this.duration(f.moreThan, `${at}.moreThan`, true);
      const lessThanMs = f.lessThan === undefined ? Infinity : this.duration(f.lessThan, `${at}.lessThan`, false);
      if (f.moreThan === undefined && f.lessThan === undefined)
        this.fail(`${at}.moreThan`, "give moreThan or lessThan");
      if (!(moreThanMs < lessThanMs))
        this.fail(`${at}.lessThan`, "an impossible window: lessThan must exceed moreThan");
      return { op, slot: this.slot({ type: "since", kind }), moreThanMs, lessThanMs };
    }
    const windowMs =
      f.within === undefined && op !== "count" ? Infinity : this.duration(f.within, `${at}.within`, false);
    const min = f.atLeast === undefined ? -Infinity : this.number(f.atLeast, `${at}.atLeast`);
    const max = f.atMost === undefined ? Infinity : this.number(f.atMost, `${at}.atMost`);
    if (f.atLeast === undefined && f.atMost === undefined) this.fail(`${at}.atLeast`, "give atLeast or atMost");
    if (min > max) this.fail(`${at}.atMost`, `an impossible range: atLeast ${min} exceeds atMost ${max}`);
    if (op === "count") {
      const kind = this.event(f.event, `${at}.event`);
      const categories = f.category === undefined ? null : this.codes(f.category, `${at}.category`, "category");
      const items = f.items === undefined ? null : this.codes(f.items, `${at}.items`, "item");
      return { op: "measure", slot: this.slot({ type: "count", kind, windowMs, categories, items }), min, max };
    }
    return { op: "measure", slot: this.slot({ type: op as "orders" | "orderValue", windowMs }), min, max };
  }

  private segment(body: unknown, at: string): Condition {
    if (typeof body !== "string") this.fail(at, "expects a segment name");
    const name = body as string;
    const intent = (INTENT_SEGMENTS as readonly string[]).indexOf(name);
    if (intent >= 0) return { op: "intent", bit: intent };
    const group = (RFM_GROUPS as readonly string[]).indexOf(name);
    if (group >= 0) return { op: "rfm", mask: 1 << group };
    const stage = (LIFECYCLE_STAGES as readonly string[]).indexOf(name);
    if (stage >= 0) return { op: "lifecycle", mask: 1 << stage };
    const index = this.names.indexOf(name);
    if (index < 0) this.fail(at, `unknown segment "${name}" (not built in, not defined in this file)`);
    this.refs.push(index);
    return { op: "custom", index };
  }

  private slot(m: Measure): number {
    this.measures.push(m);
    return this.measures.length - 1;
  }

  private mask(v: unknown, at: string, names: readonly string[]): number {
    const list = typeof v === "string" ? [v] : v;
    if (!Array.isArray(list) || list.length === 0) this.fail(at, `expects one of ${names.join(", ")}, or a list`);
    let mask = 0;
    for (const n of list as unknown[]) {
      const x = names.indexOf(n as string);
      if (x < 0) this.fail(at, `"${String(n)}" is not one of ${names.join(", ")}`);
      mask |= 1 << x;
    }
    return mask;
  }

  private event(v: unknown, at: string): number {
    const k = typeof v === "string" ? eventKindCode(v) : -1;
    if (k < 0) this.fail(at, `expects an event type (${EVENT_KINDS.join(", ")}), got ${JSON.stringify(v)}`);
    return k;
  }

  private duration(v: unknown, at: string, zeroOk: boolean): number {
    const m = typeof v === "string" ? DURATION.exec(v.trim()) : null;
    if (!m) this.fail(at, `expects a duration such as "7d", "12h" or "30m", got ${JSON.stringify(v)}`);
    const ms = Number(m![1]) * UNIT[m![2]]; // >= 0: the pattern has no sign
    if (ms === 0 && !zeroOk) this.fail(at, `an impossible window: ${JSON.stringify(v)} is empty`);
    return ms;
  }

  private number(v: unknown, at: string): number {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
      this.fail(at, `expects a number >= 0, got ${JSON.stringify(v)}`);
    return v as number;
  }

  /** A per-code mask of the given ids; ids the data does not hold match nothing. */
  private codes(v: unknown, at: string, what: "category" | "item"): Uint8Array {
    const list = typeof v === "string" ? [v] : v;
    if (!Array.isArray(list) || list.length === 0 || list.some((x) => typeof x !== "string"))
      this.fail(at, `expects one ${what} id or a non-empty list of ${what} ids (strings)`);
    const dict = this.table.dicts[what];
    const mask = new Uint8Array(dict.size);
    for (const id of list as string[]) {
      const code = dict.lookup(id);
      // Stryker disable next-line ConditionalExpression: a typed array ignores the write at -1 (an unknown id) anyway
      if (code >= 0) mask[code] = 1;
    }
    return mask;
  }

  private fail(field: string, problem: string): never {
    bad(this.file, this.where, field, problem);
  }
}

function parseParams(v: unknown, file: string): Partial<SegmentParams> {
  if (v === undefined) return {};
  const o = object(v, file, "params", "params");
  known(o, PARAM_NAMES, file, "params", "");
  const out: Partial<SegmentParams> = {};
  for (const [name, value] of Object.entries(o)) {
    const { key, duration } = PARAM_FIELDS[name];
    if (duration) {
      const m = typeof value === "string" ? DURATION.exec(value.trim()) : null;
      const ms = m ? Number(m[1]) * UNIT[m[2]] : NaN;
      if (!(ms > 0))
        bad(file, "params", name, `expects a non-empty duration such as "7d", got ${JSON.stringify(value)}`);
      out[key] = ms;
    } else {
      const whole = key !== "lapseFactor";
      if (typeof value !== "number" || !(value > 0) || (whole && !Number.isInteger(value)))
        bad(file, "params", name, `expects a ${whole ? "whole " : ""}number > 0, got ${JSON.stringify(value)}`);
      out[key] = value as number;
    }
  }
  return out;
}

/** Segments in an order where each comes after those it refers to; a cycle names its segments. */
function topological(names: string[], refs: number[][], file: string): number[] {
  const state = new Uint8Array(names.length); // 0 new, 1 on the path, 2 done
  const order: number[] = [];
  const path: number[] = [];
  const visit = (x: number): void => {
    if (state[x] === 2) return;
    if (state[x] === 1) {
      const cycle = [...path.slice(path.indexOf(x)), x].map((y) => names[y]);
      bad(file, `segment "${names[x]}"`, "segment", `a cycle between segments: ${cycle.join(" -> ")}`);
    }
    state[x] = 1;
    path.push(x);
    for (const y of refs[x]) visit(y);
    path.pop();
    state[x] = 2;
    order.push(x);
  };
  names.forEach((_, x) => visit(x));
  return order;
}

function object(v: unknown, file: string, where: string, field: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) bad(file, where, field, "expects an object");
  return v as Record<string, unknown>;
}

function known(o: Record<string, unknown>, fields: string[], file: string, where: string, prefix: string): void {
  for (const k of Object.keys(o))
    if (!fields.includes(k)) bad(file, where, prefix + k, `unknown field (known: ${fields.join(", ")})`);
}

function bad(file: string, where: string, field: string, problem: string): never {
  throw new RulesError(file, where, field, problem);
}
