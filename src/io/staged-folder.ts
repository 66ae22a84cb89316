import { mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { commitPoint } from "../data/yield-point.js";
import { LOCK_FILE } from "./folder-lock.js";
import { releaseTemp, removeTemp, tempBeside, trackTemp } from "./temp-files.js";

/**
 * A folder's one commit point. It is built in `<dir>.tmp-<pid>` beside the folder; when it is complete the folders are
 * swapped by two renames (the old one aside, the new one in) and the old one removed. A kill, an interrupt or a full
 * disk before the swap leaves the previous folder untouched, and the staging folder is removed on every failure path.
 * The folder's lock (io/folder-lock.ts) moves into the new folder and stays held until the caller releases it.
 */
export async function stagedFolder<T>(dir: string, build: (stage: string) => Promise<T>): Promise<T> {
  const stage = tempBeside(dir);
  removeTemp(stage);
  trackTemp(stage);
  let result: T;
  try {
    mkdirSync(stage);
    result = await build(stage);
    await commitPoint(); // an interrupt during the build stops here, before the swap
  } catch (e) {
    removeTemp(stage);
    throw e;
  }
  const aside = `${dir}.old-${process.pid}`;
  renameSync(dir, aside);
  renameSync(stage, dir);
  releaseTemp(stage);
  renameSync(join(aside, LOCK_FILE), join(dir, LOCK_FILE));
  rmSync(aside, { recursive: true, force: true });
  return result;
}
