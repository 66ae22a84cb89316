import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { releaseTemp, removeTemp, tempBeside } from "./temp-files.js";
import { refuseFolderAsFile } from "./output-path.js";

/**
 * Writes to a temporary file next to `path`, flushes it to disk, then renames it: readers never see a half-written
 * file, and a crash, a kill or a full disk leaves the previous file as it was. On any failure the temporary file is
 * removed. A missing folder is created, as for every output a command writes.
 */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  writeAtomicParts(path, bytes.length, [{ offset: 0, bytes }]);
}

/**
 * Writes `parts` one after the other at their offsets (gaps stay zero) to a temporary file, then renames it: no copy of
 * the whole.
 */
export function writeAtomicParts(path: string, size: number, parts: { offset: number; bytes: Uint8Array }[]): void {
  commitTemp(writeTemp(path, size, parts), path);
}

/**
 * The first half of an atomic write: the bytes in a flushed temporary file beside `path`, whose name is returned. On
 * failure (a full disk) the temporary file is removed.
 */
export function writeTemp(path: string, size: number, parts: { offset: number; bytes: Uint8Array }[]): string {
  refuseFolderAsFile(path);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempBeside(path);
  try {
    const fd = openSync(tmp, "w");
    try {
      ftruncateSync(fd, size);
      for (const { offset, bytes } of parts) {
        for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done, offset + done);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    removeTemp(tmp);
    throw e;
  }
  return tmp;
}

/** The second half: renames the temporary file onto `path` (or removes it if that fails). */
export function commitTemp(tmp: string, path: string): void {
  try {
    renameSync(tmp, path);
    releaseTemp(tmp);
  } catch (e) {
    removeTemp(tmp);
    throw e;
  }
}

/** Copies a file the same way: the target is either the previous file or the whole copy, never part of it. */
export function copyAtomic(from: string, to: string): void {
  writeAtomic(to, readFileSync(from));
}
