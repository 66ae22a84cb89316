import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
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
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = lockHolder(path);
      if (holder !== null && holder !== process.pid && isRunning(holder))
        throw new CartliftError(
          "output_locked",
          `${dir} is being written by another cartlift (pid ${holder}); ${command} did not start`,
          `wait for it to finish and run again; if no cartlift is running, remove ${path}`,
          EXIT.usage,
        );
      // a stale lock: its writer was killed (SIGKILL) before it could clean up; its temporary files go with it
      if (holder !== null) removeStaleTemps(dir, holder);
      rmSync(path, { force: true });
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    // removed on an interrupt like a temporary file, and on release
    trackTemp(path);
    return { release: () => removeTemp(path) };
  }
  throw new CartliftError("output_locked", `could not take the lock ${path}`, `remove ${path} and run again`);
}

function lockHolder(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
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
