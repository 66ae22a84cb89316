import { existsSync, readdirSync, readFileSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError, UsageError } from "../errors.js";
import { DATASET_FORMAT, MANIFEST_FILE } from "./dataset-format.js";
import { LOCK_FILE } from "./folder-lock.js";

/**
 * Outputs belong to cartlift: a command writes into a folder only when it is new, empty, or carries cartlift's own
 * marker, and it never overwrites or deletes a file it did not create. Each check names the folder and what in it is
 * not cartlift's. Leftover temporary files of this process's kind (`*.tmp-<pid>`) and the lock are not foreign.
 */
const OURS = /(\.tmp-\d+|^\.cartlift\.lock)$/;

function entriesOf(dir: string, flag: string): string[] | null {
  if (!existsSync(dir)) return null;
  if (!statSync(dir).isDirectory())
    throw new UsageError(`${flag} ${dir} is a file; give a folder`, "choose a new or empty folder");
  return readdirSync(dir).filter((e) => !OURS.test(e) && e !== LOCK_FILE);
}

/** Parses a JSON file, or null when it is missing or not JSON. */
function readJson(path: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(readFileSync(path, "utf8"));
    return typeof v === "object" && v !== null && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** True when `dir/manifest.json` is a cartlift dataset manifest. */
export function isDatasetFolder(dir: string): boolean {
  return readJson(join(dir, MANIFEST_FILE))?.format === DATASET_FORMAT;
}

/**
 * `ingest --out` (and --append): a new or empty folder, or a cartlift dataset (a manifest whose `format` is
 * cartlift's). A folder with a foreign manifest.json, or other files and no manifest, is refused, --append included.
 */
export function checkDatasetOut(out: string, append: boolean): void {
  const entries = entriesOf(out, "--out");
  if (!entries || entries.length === 0) return;
  const manifest = join(out, MANIFEST_FILE);
  if (existsSync(manifest)) {
    if (isDatasetFolder(out)) return;
    throw new InputError(
      "foreign_out",
      `--out ${out} holds a ${MANIFEST_FILE} that is not a cartlift dataset's (its "format" is not "${DATASET_FORMAT}"); nothing was written`,
      { file: manifest, hint: "choose a new or empty folder: cartlift never overwrites files it did not create" },
    );
  }
  throw new InputError(
    "foreign_out",
    `--out ${out} is a non-empty folder that is not a cartlift dataset (it holds ${listed(entries)})${append ? "; --append adds only to a cartlift dataset" : ""}`,
    { file: out, hint: "choose a new or empty folder" },
  );
}

/**
 * A folder for files of one kind (an evaluate or replay report, a run): new, empty, or holding only `names` (the
 * files and folders that command writes) with `marker` (a JSON file) recognised as cartlift's by `isOurs`.
 */
export function checkOwnedOut(
  dir: string,
  flag: string,
  names: readonly string[],
  marker: string,
  isOurs: (json: Record<string, unknown>) => boolean,
): void {
  const entries = entriesOf(dir, flag);
  if (!entries || entries.length === 0) return;
  const foreign = entries.filter((e) => !names.includes(e));
  if (foreign.length > 0)
    throw new InputError(
      "foreign_out",
      `${flag} ${dir} holds files cartlift did not write (${listed(foreign)}); nothing was written`,
      { file: dir, hint: "choose a new or empty folder: cartlift never overwrites files it did not create" },
    );
  const json = existsSync(join(dir, marker)) ? readJson(join(dir, marker)) : null;
  if (existsSync(join(dir, marker)) && !(json && isOurs(json)))
    throw new InputError("foreign_out", `${flag} ${dir}: ${marker} was not written by cartlift; nothing was written`, {
      file: join(dir, marker),
      hint: "choose a new or empty folder: cartlift never overwrites files it did not create",
    });
  // files of ours without the marker: a report's .md or .html alone could be anyone's
  if (!json && entries.some((e) => !existsSync(join(dir, e)) || statSync(join(dir, e)).isFile()))
    throw new InputError(
      "foreign_out",
      `${flag} ${dir} holds ${listed(entries)} but no cartlift ${marker}: they may not be cartlift's; nothing was written`,
      { file: dir, hint: "choose a new or empty folder: cartlift never overwrites files it did not create" },
    );
}

function listed(entries: string[]): string {
  const shown = entries.slice(0, 5).map((e) => JSON.stringify(e));
  return shown.join(", ") + (entries.length > 5 ? ` and ${entries.length - 5} more` : "");
}

/** Removes a folder a failed command made, if it is still empty: a failed first write leaves nothing behind. */
export function removeFolderIfEmpty(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
}
