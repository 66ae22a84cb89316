import { rmSync } from "node:fs";
import { removeStaleTempsOf } from "./stale-temps.js";

/**
 * The temporary files and folders this process is building beside their targets. Every failure path removes its own;
 * an interrupt (SIGINT, SIGTERM) removes all that are still open, so a stopped command leaves nothing behind.
 */
const open = new Set<string>();

/**
 * A temporary name beside `target`, unique to this process: two writers never share one. The leftovers of a writer
 * killed with SIGKILL (`<target>.tmp-<pid>` of a pid that no longer runs) are removed first.
 */
export function tempBeside(target: string): string {
  removeStaleTempsOf(target);
  const path = `${target}.tmp-${process.pid}`;
  open.add(path);
  return path;
}

/** Tracks a path this process created and must remove on an interrupt (a lock file). */
export function trackTemp(path: string): void {
  open.add(path);
}

/** The temporary became its target (renamed) or was removed: no longer ours to clean up. */
export function releaseTemp(path: string): void {
  open.delete(path);
}

/** Removes a temporary file or folder, ignoring one that is already gone. */
export function removeTemp(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // best effort: the caller is already on a failure path
  }
  open.delete(path);
}

/** Removes every temporary this process still has open (the interrupt handler's clean-up). */
export function removeAllTemps(): void {
  for (const path of [...open]) removeTemp(path);
}
