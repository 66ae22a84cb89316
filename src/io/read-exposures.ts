import { existsSync } from "node:fs";
import type { EventTable } from "../data/event-table.js";
import { InputError } from "../errors.js";
import Papa from "papaparse";
import { showList } from "./show-text.js";
import { readTextFile } from "./read-text-file.js";

/** One widget view: the slate a logging policy showed a user at a time, with what happened. */
export interface LoggedSlate {
  user: number;
  ts: number;
  /** Row of the table where the view happened (the user's first event at or after it): histories end before it. */
  event: number;
  items: Int32Array;
  /** The logging policy's chance of showing each item (its marginal propensity). */
  propensity: Float64Array;
  click: Uint8Array;
  order: Uint8Array;
}

const COLUMNS = ["ts", "user", "item", "propensity", "click", "order"] as const;

/**
 * Reads an exposures file (CSV with a header: ts, user, item, propensity, click, order; other
 * columns such as session, widget and position are allowed) against a dataset's ids. Rows of one
 * user at one time form one slate. Rows naming an unknown user or item are counted and left out;
 * a malformed value is an error naming file, line and column.
 */
export function readExposures(
  path: string,
  t: EventTable,
): { slates: LoggedSlate[]; rows: number; skippedUnknown: number } {
  if (!existsSync(path)) throw new InputError("file_not_found", `${path}: no such file`, { file: path });
  // exposures are one row per shown item: small next to the event log, parsed whole
  const rows = Papa.parse<string[]>(readTextFile(path, "exposure log"), { skipEmptyLines: true }).data;
  const header = rows.shift() ?? [];
  const col = Object.fromEntries(COLUMNS.map((name) => [name, header.indexOf(name)])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  const missing = COLUMNS.filter((name) => col[name] < 0);
  if (missing.length > 0)
    throw new InputError(
      "missing_column",
      `${path}: no column ${missing.map((m) => `"${m}"`).join(", ")} (found: ${showList(header)})`,
      { file: path },
    );
  const groups = new Map<
    string,
    { user: number; ts: number; rows: { item: number; p: number; click: number; order: number }[] }
  >();
  let skippedUnknown = 0;
  rows.forEach((r, x) => {
    const line = x + 2;
    const bad = (column: string, what: string) =>
      new InputError("bad_exposure", `${path}:${line}: column "${column}" ${what}`, { file: path });
    const ts = Date.parse(r[col.ts]) || Number(r[col.ts]);
    if (!Number.isFinite(ts)) throw bad("ts", `is not a time: "${r[col.ts]}"`);
    const p = Number(r[col.propensity]);
    if (!(p > 0 && p <= 1)) throw bad("propensity", `must be in (0, 1], got "${r[col.propensity]}"`);
    const click = Number(r[col.click]);
    const order = Number(r[col.order]);
    if (click !== 0 && click !== 1) throw bad("click", `must be 0 or 1, got "${r[col.click]}"`);
    if (order !== 0 && order !== 1) throw bad("order", `must be 0 or 1, got "${r[col.order]}"`);
    const user = t.dicts.user.lookup(r[col.user]);
    const item = t.dicts.item.lookup(r[col.item]);
    if (user < 0 || item < 0) return void skippedUnknown++;
    const key = `${user}@${ts}`;
    const g = groups.get(key) ?? groups.set(key, { user, ts, rows: [] }).get(key)!;
    g.rows.push({ item, p, click, order });
  });
  const slates: LoggedSlate[] = [];
  for (const g of groups.values()) {
    slates.push({
      user: g.user,
      ts: g.ts,
      event: firstEventAtOrAfter(t, g.user, g.ts),
      items: Int32Array.from(g.rows, (r) => r.item),
      propensity: Float64Array.from(g.rows, (r) => r.p),
      click: Uint8Array.from(g.rows, (r) => r.click),
      order: Uint8Array.from(g.rows, (r) => r.order),
    });
  }
  return { slates, rows: rows.length, skippedUnknown };
}

/** The user's first row at or after ts (the table is sorted by user, then time); the end of their run if none. */
function firstEventAtOrAfter(t: EventTable, user: number, ts: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.user[mid] < user || (t.user[mid] === user && t.ts[mid] < ts)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
