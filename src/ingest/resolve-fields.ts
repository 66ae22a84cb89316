import { InputError, UsageError } from "../errors.js";
import { FIELD_SYNONYMS, FIELDS, normaliseName, type Field, type FieldMap } from "./fields.js";
import type { SourceSpec } from "./presets.js";
import { showList, showText } from "../io/show-text.js";

/** Column index of each canonical field in one source (-1 when absent). */
export type FieldColumns = Record<Field, number> & { tsOffset: number; returnFlag: number };

/**
 * Maps canonical fields to source columns: --map first, then the preset, then well-known names.
 * A required field that cannot be found is an error that lists the columns found.
 */
export function resolveFields(file: string, columns: string[], spec: SourceSpec, userMap: FieldMap): FieldColumns {
  const index = (name: string, field: string): number => {
    const i = columns.indexOf(name);
    if (i >= 0) return i;
    const j = columns.findIndex((c) => c.toLowerCase() === name.toLowerCase());
    if (j >= 0) return j;
    if (/^\d+$/.test(name) && Number(name) >= 1 && Number(name) <= columns.length) return Number(name) - 1;
    throw new InputError(
      "missing_column",
      `Missing column "${showText(name)}" (for ${field}) in ${file} (found: ${showList(columns)})`,
      {
        file,
        hint: `map it with --map ${field}=<column>`,
      },
    );
  };
  const map: FieldMap = { ...spec.map, ...userMap };
  const out = { tsOffset: -1, returnFlag: -1 } as FieldColumns;
  const normalised = columns.map(normaliseName);
  const taken = new Set<number>();
  for (const field of FIELDS) {
    const name = map[field];
    if (name !== undefined && name !== "") {
      out[field] = index(name, field);
    } else if (Object.keys(spec.map).length === 0) {
      out[field] = guess(field, normalised, taken);
    } else out[field] = -1;
    if (out[field] >= 0) taken.add(out[field]);
  }
  if (spec.tsOffset) out.tsOffset = index(spec.tsOffset, "ts offset");
  if (spec.returnPrefix) out.returnFlag = index(spec.returnPrefix.column, "returns");
  const missing: string[] = [];
  if (out.ts < 0) missing.push("ts");
  if (out.item < 0) missing.push("item");
  if (out.user < 0 && out.session < 0) missing.push("user");
  if (missing.length > 0) {
    const f = missing[0];
    throw new InputError("missing_column", `Missing column for "${f}" in ${file} (found: ${showList(columns)})`, {
      file,
      hint: `${delimiterHint(columns)}map it with --map ${missing.map((m) => `${m}=<column>`).join(",")}`,
    });
  }
  return out;
}

function guess(field: Field, normalised: string[], taken: Set<number>): number {
  for (const syn of FIELD_SYNONYMS[field]) {
    const i = normalised.findIndex((c, k) => c === syn && !taken.has(k));
    if (i >= 0) return i;
  }
  return -1;
}

function delimiterHint(columns: string[]): string {
  if (columns.length !== 1) return "";
  const other = [";", "\t", "|", ","].find((d) => columns[0].includes(d));
  return other
    ? `the header looks ${JSON.stringify(other)}-separated: pass --delimiter ${JSON.stringify(other)}; or `
    : "";
}

/** Parses "--map item=sku,user=visitor" into a FieldMap. */
export function parseFieldMap(text: string | undefined): FieldMap {
  const out: FieldMap = {};
  if (!text) return out;
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    const field = part.slice(0, eq).trim();
    const column = part.slice(eq + 1).trim();
    if (eq < 0 || !column)
      throw new UsageError(`--map expects field=column pairs, got "${part}"`, `e.g. --map item=sku,user=visitor_id`);
    if (!(FIELDS as readonly string[]).includes(field))
      throw new UsageError(`--map: unknown field "${field}"`, `fields are: ${FIELDS.join(", ")}`);
    out[field as Field] = column;
  }
  return out;
}
