import { CartliftError, InputError } from "../errors.js";

/**
 * File-system refusals while writing an output: the user's to fix (disk space, permissions, a file where a folder of
 * the path should be: EEXIST from mkdir), not bugs.
 */
const WRITE_REFUSALS = new Set([
  "ENOSPC",
  "EDQUOT",
  "EFBIG",
  "EROFS",
  "EACCES",
  "EPERM",
  "ENOTDIR",
  "EEXIST",
  "EISDIR",
]);

/**
 * The error as an input error (exit 2) naming the output, when it is a file-system refusal (a full disk above all);
 * any other error unchanged. `what` says what was being written ("the recommendations").
 */
export function asWriteError(e: unknown, path: string, what: string): unknown {
  if (e instanceof CartliftError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || !WRITE_REFUSALS.has(code)) return e;
  return new InputError("unwritable_out", `cannot write ${what} to ${path} (${(e as Error).message})`, {
    file: path,
    hint: "check the folder's permissions and free disk space; the previous output was left as it was",
  });
}

/** Runs `write`, turning a file-system refusal into an input error naming `path`. */
export async function writingTo<T>(path: string, what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw asWriteError(e, path, what);
  }
}
