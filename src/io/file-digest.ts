import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** The sha256 of a small file (a pipeline file, an artifact), read whole. */
export function fileSha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}
