import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputError } from "../errors.js";

/**
 * A small text file given on the command line (a pipeline file, a models config, an evaluate report, an exposure
 * log), read whole as UTF-8. A missing path, a folder, a device or a file over `maxBytes` is an InputError that
 * says so in one line, never a raw EISDIR or an unbounded read.
 */
export function readTextFile(path: string, what: string, maxBytes = 1 << 30): string {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError("file_not_found", `${path}: no such ${what}`, { file: path });
    throw new InputError("unreadable_file", `${path}: cannot read the ${what} (${code ?? (e as Error).message})`, {
      file: path,
    });
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory())
      throw new InputError("not_a_file", `${path} is a folder, not a ${what}`, {
        file: path,
        hint: `pass the ${what} itself`,
      });
    if (!st.isFile())
      throw new InputError("not_a_file", `${path} is not a regular file (a device or pipe?)`, { file: path });
    if (st.size > maxBytes)
      throw new InputError("file_too_large", `${path}: ${st.size} bytes is too large for a ${what}`, { file: path });
    const buf = Buffer.allocUnsafe(st.size);
    let at = 0;
    while (at < buf.length) {
      const n = readSync(fd, buf, at, buf.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return buf.toString("utf8", 0, at);
  } finally {
    closeSync(fd);
  }
}
