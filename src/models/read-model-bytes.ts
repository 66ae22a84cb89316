import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputError } from "../errors.js";

/**
 * The bytes of a model file, read up to the size it has when opened: a device (/dev/zero), a pipe or a folder is
 * refused before anything is allocated, and a file that grows while read is not followed.
 */
export function readModelBytes(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new InputError("model_not_found", `${path}: cannot read the model (${(e as Error).message})`, { file: path });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      throw new InputError(
        "bad_model",
        `${path}: not a regular file (${st.isDirectory() ? "a folder" : "a device or pipe"})`,
        { file: path, hint: "pass the model file cartlift train or cartlift export wrote" },
      );
    const buf = Buffer.allocUnsafe(st.size);
    let at = 0;
    while (at < buf.length) {
      const n = readSync(fd, buf, at, buf.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return buf.subarray(0, at);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError("model_not_found", `${path}: cannot read the model (${(e as Error).message})`, { file: path });
  } finally {
    closeSync(fd);
  }
}
