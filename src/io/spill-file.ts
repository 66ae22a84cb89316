import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { engineTempDir, removeEngineTempDir } from "./engine-files.js";

/**
 * A folder of spill files for one command (ingest's sorted runs): `<base>/cartlift-engine-<pid>`, created at once so
 * that an unwritable `--temp-dir` fails before any work, removed by `remove` on success and on failure, and on an
 * interrupt (it is tracked as a temporary).
 */
export class SpillFolder {
  readonly dir: string;
  private files: SpillFile[] = [];

  constructor(
    readonly base: string,
    flag = "--temp-dir",
  ) {
    this.dir = engineTempDir(base, flag);
  }

  /** A new, empty spill file in the folder, open for appending and reading back. */
  create(name: string): SpillFile {
    const file = new SpillFile(join(this.dir, name), this.base);
    this.files.push(file);
    return file;
  }

  /** Bytes written to every spill file so far (the temporary disk used). */
  get bytes(): number {
    return this.files.reduce((a, f) => a + f.bytes, 0);
  }

  /** Closes every file and removes the folder; safe to call twice. */
  remove(): void {
    for (const f of this.files) f.close();
    this.files = [];
    removeEngineTempDir(this.dir);
  }
}

/** One spill file: appended in order, then read back at any offset. A full disk is an input error naming the folder. */
export class SpillFile {
  bytes = 0;
  private fd: number;

  constructor(
    readonly path: string,
    private readonly base: string,
  ) {
    this.fd = openSync(path, "w+");
  }

  append(data: Uint8Array): void {
    try {
      for (let done = 0; done < data.length;)
        done += writeSync(this.fd, data, done, data.length - done, this.bytes + done);
    } catch (e) {
      throw this.asInputError(e);
    }
    this.bytes += data.length;
  }

  /** Fills `into[0, length)` from `position`; the bytes must have been appended. */
  readAt(position: number, into: Uint8Array, length: number): void {
    if (position + length > this.bytes) throw new RangeError(`${this.path}: read past the end`);
    for (let done = 0; done < length;) {
      const n = readSync(this.fd, into, done, length - done, position + done);
      if (n === 0) throw new Error(`${this.path}: file shorter than written`);
      done += n;
    }
  }

  close(): void {
    if (this.fd < 0) return;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = -1;
  }

  private asInputError(e: unknown): unknown {
    if ((e as NodeJS.ErrnoException).code !== "ENOSPC") return e;
    return new InputError("disk_full", `no room left for the sort's spill files in ${this.base}`, {
      file: this.base,
      hint: "free disk space there, or give --temp-dir a folder with room (about 41 bytes per event)",
    });
  }
}
