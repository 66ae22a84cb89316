import { existsSync, readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** True while a process with this id runs (EPERM: it runs, as another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes what a writer killed with SIGKILL left beside `target`: `<target>.tmp-<pid>` and its parts
 * (`<target>.tmp-<pid>.part1`), whose pid no longer runs. Called before every new temporary beside `target`, so the
 * next write to a path clears the leftovers of an earlier one. Only names of that exact form are touched; a live
 * writer's, and any other file, are left alone.
 */
export function removeStaleTempsOf(target: string): void {
  const parent = dirname(target);
  if (!existsSync(parent)) return;
  const base = basename(target);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return; // not a folder, or unreadable: the writer reports that
  }
  for (const e of entries) {
    if (!e.startsWith(`${base}.tmp-`)) continue;
    const m = /^(\d+)(\.part\d+)?$/.exec(e.slice(base.length + 5));
    if (!m || Number(m[1]) === process.pid || isRunning(Number(m[1]))) continue;
    rmSync(join(parent, e), { recursive: true, force: true });
  }
}
