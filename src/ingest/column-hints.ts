import { InputError } from "../errors.js";
import { PRESETS } from "./presets.js";

/**
 * Hints read from a file's columns, for the errors that a wrong header causes: a header row that is really data
 * (suggest --no-header) and columns that carry a known preset's names (suggest that --preset).
 */

/** Whether a header cell looks like a value: a number, a date or time, an epoch. */
function looksLikeValue(cell: string): boolean {
  const c = cell.trim();
  return (
    /^[+-]?\d+([.,]\d+)?([eE][+-]?\d+)?$/.test(c) ||
    /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}.*)?$/.test(c) ||
    /^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}( \d{1,2}:\d{2}.*)?$/.test(c)
  );
}

/** `--no-header ...` when at least half of the header's cells (two or more) look like values, else null. */
export function noHeaderHint(columns: readonly string[]): string | null {
  const values = columns.filter(looksLikeValue);
  if (values.length < 2 || values.length * 2 < columns.length) return null;
  const ts = columns.findIndex((c) =>
    /^\d{4}-\d{2}-\d{2}|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|^\d{10}(\d{3})?$/.test(c.trim()),
  );
  const map = ts >= 0 ? `ts=${ts + 1},item=<n>,user=<n>` : "ts=<n>,item=<n>,user=<n>";
  return `the first line looks like data, not a header: pass --no-header and name the columns by position with --map ${map}`;
}

/** The presets whose column names (from a header) all appear among `columns`, case aside. */
export function matchingPresets(columns: readonly string[]): string[] {
  const have = new Set(columns.map((c) => c.trim().toLowerCase()));
  const found: string[] = [];
  for (const p of PRESETS) {
    if (p.headerless) continue;
    const fits = p.variants.some((v) => {
      if (v.spec.header) return false;
      const names = Object.values(v.spec.map).filter((n): n is string => typeof n === "string" && n !== "");
      return (
        names.length >= 3 && names.every((n) => have.has(n.toLowerCase())) && v.matches([...columns], columns.length)
      );
    });
    if (fits) found.push(p.name);
  }
  return found;
}

/** `--preset x` when the columns carry a preset's names, else null. */
export function presetHint(columns: readonly string[]): string | null {
  const found = matchingPresets(columns);
  return found.length > 0 ? `the columns match the "${found[0]}" layout: pass --preset ${found[0]}` : null;
}

/**
 * A missing-column error with the likelier cause first: a header that is data, or a known preset's layout
 * (only when no --preset was given). Other errors pass through.
 */
export function withColumnHints(e: unknown, columns: readonly string[], presetGiven: boolean): unknown {
  if (!(e instanceof InputError) || e.code !== "missing_column") return e;
  const first = noHeaderHint(columns) ?? (presetGiven ? null : presetHint(columns));
  if (!first) return e;
  return new InputError(e.code, e.message, { file: e.file, hint: e.hint ? `${first}; or ${e.hint}` : first });
}
