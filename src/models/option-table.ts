import { parseDuration } from "../data/duration.js";
import { EVENT_KINDS, isEventKindName, type EventKindName } from "../data/event-kind.js";
import { UsageError } from "../errors.js";

/**
 * One option of a model kind: the name it has in `kind[name=value]` and as the `train` flag `--name`, where its value
 * goes in the kind's options object (`key`, a dot path), how its text is read, its default and a one-line doc. The
 * option table of a kind is the only place an option is declared: the spec grammar, `train`'s flags and help, and the
 * docs' option tables are generated from it.
 */
export interface ModelOption {
  readonly name: string;
  /** Where the value goes in the kind's options (e.g. "maxGap", "scoring.lastN"). */
  readonly key: string;
  /** Reads the value from its text; `where` names the flag or spec in errors. */
  readonly parse: (text: string, where: string) => unknown;
  /**
   * The default as text (what `--help` and the docs show, and what `train` passes when the flag is not given); none
   * when
   * the kinds that share the option default differently (their own defaults apply then).
   */
  readonly default?: string;
  /** What the default is when there is no single text for it (docs and help only). */
  readonly defaultNote?: string;
  /** The value's shape in help and docs: `<n>`, `<duration>`, ... */
  readonly value: string;
  readonly doc: string;
  /** A switch that is on by default: the flag is `--no-<name>`, the spec `name=false`. */
  readonly negatable?: boolean;
  /** A switch that is off by default: the flag is `--<name>` with no value, the spec `name=true`. */
  readonly switch?: boolean;
}

/** Options as given, by option name, already read (a flag's or a spec's). */
export type GivenOptions = Readonly<Record<string, unknown>>;

/**
 * The options object of a kind from the given ones, in the order of its option table (so the same options give the
 * same object, and the same bytes in a model file's manifest, however they were written).
 */
export function assembleOptions(table: readonly ModelOption[], given: GivenOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const option of table) {
    if (!(option.name in given)) continue;
    const path = option.key.split(".");
    let at = out;
    for (const step of path.slice(0, -1)) at = (at[step] ??= {}) as Record<string, unknown>;
    at[path[path.length - 1]] = given[option.name];
  }
  return out;
}

// ---- value readers: one per shape, shared by flags and specs ----

/** A whole number in [min, max]. */
export function whole(min: number, max: number) {
  return (text: string, where: string): number => {
    const v = Number(text);
    if (text.trim() === "" || !Number.isFinite(v)) throw new UsageError(`${where} expects a number, got "${text}"`);
    if (!Number.isInteger(v) || v < min || v > max)
      throw new UsageError(`${where} expects a whole number from ${min} to ${max}, got "${text}"`);
    return v;
  };
}

/** A finite number in [min, max] (`open`: min itself excluded). */
export function number(min: number, max: number, open = false) {
  return (text: string, where: string): number => {
    const v = Number(text);
    if (text.trim() === "" || !Number.isFinite(v)) throw new UsageError(`${where} expects a number, got "${text}"`);
    if (v < min || v > max || (open && v === min))
      throw new UsageError(
        `${where} expects a number ${open ? "above" : "from"} ${min}${open ? " up" : ""} to ${max}, got "${text}"`,
      );
    return v;
  };
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(values: readonly T[]) {
  return (text: string, where: string): T => {
    if (!(values as readonly string[]).includes(text))
      throw new UsageError(`${where}: "${text}" is not one of ${values.join(", ")}`);
    return text as T;
  };
}

export function duration(text: string, where: string): number {
  return parseDuration(text, where);
}

export function boolean(text: string, where: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === "true" || t === "yes" || t === "1") return true;
  if (t === "false" || t === "no" || t === "0") return false;
  throw new UsageError(`${where} expects true or false, got "${text}"`);
}

/** The items of a list: joined by "," (a flag) or "|" (inside a spec, where "," separates options). */
export function listItems(text: string): string[] {
  return text
    .split(/[,|]/)
    .map((x) => x.trim())
    .filter((x) => x !== "");
}

/** A list of words from a fixed set. */
export function listOf<T extends string>(values: readonly T[]) {
  const one = oneOf(values);
  return (text: string, where: string): T[] => {
    const items = listItems(text).map((x) => one(x, where));
    if (items.length === 0) throw new UsageError(`${where} expects at least one of ${values.join(", ")}`);
    return items;
  };
}

/** "type=number" pairs: "view=1,cart_add=6" (a flag) or "view:1|cart_add:6" (a spec). */
function typePairs(text: string, where: string, example: string): [EventKindName, string][] {
  return listItems(text).map((pair) => {
    const [type, value, ...rest] = pair.split(/[=:]/).map((x) => x.trim());
    if (!type || value === undefined || rest.length > 0)
      throw new UsageError(`${where} expects type=number pairs, got "${pair}"`, `e.g. ${example}`);
    if (!isEventKindName(type))
      throw new UsageError(`${where}: "${type}" is not an event type`, `types: ${EVENT_KINDS.join(", ")}`);
    return [type, value];
  });
}

/** Event-type weights, each a finite number >= 0. */
export function eventWeightMap(text: string, where: string): Partial<Record<EventKindName, number>> {
  const out: Partial<Record<EventKindName, number>> = {};
  for (const [type, value] of typePairs(text, where, "view=1,cart_add=6,purchase=3")) {
    const v = Number(value);
    if (value === "" || !Number.isFinite(v) || v < 0)
      throw new UsageError(`${where}: the weight of ${type} must be a number of at least 0, got "${value}"`);
    out[type] = v;
  }
  return out;
}

/** How many times each event type is written into item2vec's sequences: whole numbers 0..100, not all 0. */
export function eventRepeatMap(text: string, where: string): Partial<Record<EventKindName, number>> {
  const out: Partial<Record<EventKindName, number>> = {};
  for (const [type, value] of typePairs(text, where, "cart_add=2,purchase=3")) {
    const times = Number(value);
    if (value === "" || !Number.isInteger(times) || times < 0 || times > 100)
      throw new UsageError(`${where}: ${type} needs a whole number of repeats from 0 to 100, got "${value}"`);
    out[type] = times;
  }
  if (Object.keys(out).length > 0 && EVENT_KINDS.every((kind) => out[kind] === 0))
    throw new UsageError(`${where} leaves every event type out`);
  return out;
}
