import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { releaseTemp, removeTemp, tempBeside } from "./temp-files.js";

/**
 * A set of output files that appear together: each is written at its temporary name beside its target (`temps`), and
 * `commit` renames them all at the end. Until then an interrupt or a failure leaves the previous files as they were;
 * `discard` (in a `finally`) removes whatever was not committed.
 */
export class StagedFiles<K extends string> {
  readonly temps: Record<K, string>;

  constructor(readonly files: Record<K, string>) {
    for (const f of Object.values<string>(files)) mkdirSync(dirname(f), { recursive: true });
    this.temps = Object.fromEntries(Object.entries<string>(files).map(([k, f]) => [k, tempBeside(f)])) as Record<
      K,
      string
    >;
  }

  /** Writes one whole file (small ones: a world config, a truth record) at its temporary name. */
  writeText(key: K, text: string): void {
    writeFileSync(this.temps[key], text);
  }

  /** Flushes every temporary to disk, then renames each onto its target. */
  commit(): void {
    for (const t of Object.values<string>(this.temps)) {
      const fd = openSync(t, "r+");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    for (const k of Object.keys(this.files) as K[]) {
      renameSync(this.temps[k], this.files[k]);
      releaseTemp(this.temps[k]);
    }
  }

  /** Removes the temporaries not yet committed (all of them after a failure). */
  discard(): void {
    for (const t of Object.values<string>(this.temps)) removeTemp(t);
  }
}
