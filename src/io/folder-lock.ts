import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { CartliftError, EXIT } from "../errors.js";
import { isRunning } from "./stale-temps.js";
import { removeTemp, trackTemp } from "./temp-files.js";

/** The lock file of an output folder: one writer at a time (ingest, run). */
export const LOCK_FILE = ".cartlift.lock";

export interface FolderLock {
  release(): void;
}

/**
 * Takes the folder's lock (creating the folder), or fails at once naming the process that holds it: two writers to one
 * folder never interleave. A lock left by a process that no longer runs (killed with SIGKILL) is taken over. An
 * interrupt removes the lock with the temporary files (temp-files.ts). A swap a kill cut short is settled first.
 */
export function lockFolder(dir: string, command: string): FolderLock {
  settleInterruptedSwap(dir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const locked = (holder: number) =>
    new CartliftError(
      "output_locked",
      `${dir} is being written by another cartlift (pid ${holder}); ${command} did not start`,
      `wait for it to finish and run again; if no cartlift is running, remove ${path}`,
      EXIT.usage,
    );
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createHoldingPid(path)) {
      // removed on an interrupt like a temporary file, and on release
      trackTemp(path);
      return { release: () => removeTemp(path) };
    }
    const holder = lockHolder(path);
    // released since: try again (removing anything now could remove the lock a third writer just took)
    if (holder === undefined) continue;
    if (holder !== null && holder !== process.pid && isRunning(holder)) throw locked(holder);
    // a stale lock: its writer was killed (SIGKILL) before it could clean up. Two writers that find the same stale
    // lock must not both remove it (the second could remove the first one's new lock), so a takeover holds a lock too.
    const takeover = `${path}.takeover`;
    if (!createHoldingPid(takeover)) {
      const other = lockHolder(takeover);
      if (other !== undefined && other !== null && isRunning(other)) throw locked(other);
      rmSync(takeover, { force: true });
      continue;
    }
    try {
      if (lockHolder(path) === holder) {
        // its temporary files go with it
        if (holder !== null) removeStaleTemps(dir, holder);
        rmSync(path, { force: true });
      }
    } finally {
      rmSync(takeover, { force: true });
    }
  }
  throw new CartliftError("output_locked", `could not take the lock ${path}`, `remove ${path} and run again`);
}

/**
 * Creates `path` holding this process's id, or returns false when it exists. The file appears with its content (a
 * hard link of a written file): created empty and then written, another writer could read it in between, find no
 * holder, take it for stale and remove it, and both would write the folder.
 */
function createHoldingPid(path: string): boolean {
  const written = `${path}.tmp-${process.pid}`;
  writeFileSync(written, `${process.pid}\n`);
  try {
    linkSync(written, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // a file system without hard links: create and write (the window above stays open there)
    if (code === "EPERM" || code === "ENOTSUP" || code === "ENOSYS") return createThenWrite(path);
    throw e;
  } finally {
    rmSync(written, { force: true });
  }
}

function createThenWrite(path: string): boolean {
  try {
    writeFileSync(path, `${process.pid}\n`, { flag: "wx" });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
}

/** The pid a lock file names: undefined when there is no such file, null when it names none (unreadable). */
function lockHolder(path: string): number | null | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    return null;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** The temporary files (`<name>.tmp-<pid>`, parts included) a killed writer left in `dir`. */
function removeStaleTemps(dir: string, pid: number): void {
  const mark = `.tmp-${pid}`;
  for (const e of readdirSync(dir))
    if (e.endsWith(mark) || e.includes(`${mark}.`)) rmSync(join(dir, e), { recursive: true, force: true });
}

/**
 * A staged folder (staged-folder.ts) is swapped in by two renames: the old folder to `<dir>.old-<pid>`, then the new
 * one in. A writer killed between them leaves no `<dir>`: the previous folder is renamed back. A writer killed after
 * them leaves its `.old-` folder, and one killed earlier its staging folder `<dir>.tmp-<pid>`: both are removed. Only
 * names of that form, of processes no longer running, are touched.
 */
export function settleInterruptedSwap(dir: string): void {
  const parent = dirname(dir);
  if (!existsSync(parent)) return;
  const base = basename(dir);
  for (const e of readdirSync(parent)) {
    if (!e.startsWith(`${base}.`)) continue;
    const m = /^\.(old|tmp)-(\d+)$/.exec(e.slice(base.length));
    if (!m || isRunning(Number(m[2]))) continue;
    const path = join(parent, e);
    if (m[1] === "old" && !existsSync(dir)) renameSync(path, dir);
    else rmSync(path, { recursive: true, force: true });
  }
}
