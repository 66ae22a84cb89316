import { copyFileSync, existsSync, renameSync } from "node:fs";
import { join } from "node:path";
import { QUARANTINE_FILE } from "./dataset-format.js";
import { QuarantineWriter } from "./quarantine.js";
import { releaseTemp, removeTemp, tempBeside } from "./temp-files.js";
import { removeIfExists } from "./write-dataset.js";

/**
 * A dataset's quarantine.csv while ingest runs: written beside its name (an --append continues a copy of the dataset's
 * own) and renamed in after the dataset is written, or removed on every failure path. The previous one stays as it was
 * until then.
 */
export class StagedQuarantine {
  readonly path: string;
  readonly writer: QuarantineWriter;
  private readonly tmp: string;

  constructor(out: string, append: boolean) {
    this.path = join(out, QUARANTINE_FILE);
    this.tmp = tempBeside(this.path);
    if (append && existsSync(this.path)) copyFileSync(this.path, this.tmp);
    this.writer = new QuarantineWriter(this.tmp, append);
  }

  /** The temporary name, for the per-thread parts written beside it. */
  get tempPath(): string {
    return this.tmp;
  }

  /** Whether any row (new, or copied from the dataset it appends to) is in the quarantine. */
  hasRows(): boolean {
    return existsSync(this.tmp);
  }

  /** Renames the quarantine in; with no rows, an appended dataset's own (now empty) quarantine is removed. */
  commit(appended: boolean): void {
    if (existsSync(this.tmp)) {
      renameSync(this.tmp, this.path);
      releaseTemp(this.tmp);
    } else if (appended) removeIfExists(this.path);
  }

  discard(): void {
    this.writer.close();
    removeTemp(this.tmp);
  }
}
