import { closeSync, ftruncateSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Writes to a temporary file next to `path`, then renames it: readers never see a half-written file.
 * A missing folder is created, as for every output a command writes.
 */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = path + ".tmp";
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Writes `parts` one after the other at their offsets (gaps stay zero) to a temporary file, then renames it: no copy of
 * the whole.
 */
export function writeAtomicParts(path: string, size: number, parts: { offset: number; bytes: Uint8Array }[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = path + ".tmp";
  const fd = openSync(tmp, "w");
  try {
    ftruncateSync(fd, size);
    for (const { offset, bytes } of parts) {
      for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done, offset + done);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
