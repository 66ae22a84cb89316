import { closeSync, fsyncSync, openSync } from "node:fs";
import { commitPoint } from "../data/yield-point.js";
import { refuseFolderAsFile } from "./output-path.js";
import { ensureFolderOf } from "./ensure-folder.js";
import { commitTemp } from "./write-atomic.js";
import { removeTemp, tempBeside, trackTemp } from "./temp-files.js";

/**
 * An output written piece by piece (a stream, a file descriptor, worker parts) with one commit point, as
 * io/write-atomic.ts does for bytes in memory: the pieces go to `<path>.tmp-<pid>` beside the target, which is
 * flushed to disk and renamed once, complete. An interrupt before the rename removes the temporary (temp-files.ts) and
 * leaves the previous file byte-identical; a SIGKILL leaves the temporary, which the next write to the path removes.
 */
export class StagedFile {
  /** Where the pieces go. */
  readonly tmp: string;
  private readonly parts: string[] = [];

  constructor(readonly path: string) {
    refuseFolderAsFile(path);
    ensureFolderOf(path);
    this.tmp = tempBeside(path);
    createEmpty(this.tmp);
  }

  /**
   * A further temporary file (`<tmp>.part<n>`), for pieces written apart and joined later (by a worker thread); removed
   * with the rest.
   */
  part(n: number): string {
    const p = `${this.tmp}.part${n}`;
    trackTemp(p);
    createEmpty(p);
    this.parts.push(p);
    return p;
  }

  /** Flushes the temporary file, yields once (a pending interrupt stops here) and renames it onto the target. */
  async commit(): Promise<void> {
    try {
      const fd = openSync(this.tmp, "r+");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      await commitPoint();
    } catch (e) {
      this.abort();
      throw e;
    }
    commitTemp(this.tmp, this.path);
    this.removeParts();
  }

  /** Removes the temporary file (a failure path); the target is left as it was. */
  abort(): void {
    removeTemp(this.tmp);
    this.removeParts();
  }

  private removeParts(): void {
    for (const p of this.parts) removeTemp(p);
  }
}

/**
 * Creates the file now, on this thread: writers then open it without creating it ("r+"), so a file an interrupt's
 * clean-up removed is not created again by a writer that was still starting (a worker thread, the thread pool).
 */
function createEmpty(path: string): void {
  closeSync(openSync(path, "w"));
}
