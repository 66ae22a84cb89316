import { statSync } from "node:fs";
import { UsageError } from "../errors.js";

/** Refuses an output file path that is an existing folder (renaming onto it would fail with a raw EISDIR). */
export function refuseFolderAsFile(path: string): void {
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    return; // missing, or under a file (ENOTDIR): the writer reports that
  }
  if (isFolder)
    throw new UsageError(`${path} is a folder; give a file path for this output`, `for example ${path}/out`);
}
