import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

/** Creates the folder a file is to be written in, if missing. */
export function ensureFolderOf(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
}
