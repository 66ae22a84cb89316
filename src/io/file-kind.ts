import { existsSync, statSync } from "node:fs";

/** Whether `path` names an existing regular file (a spec may be a model file or a model to train). */
export function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** Whether anything exists at `path`. */
export function pathExists(path: string): boolean {
  return existsSync(path);
}
