import { InputError } from "../errors.js";

/**
 * The most bytes one record (a CSV record, a JSON line) may hold: 16 MiB. A longer one is almost always an
 * unclosed quote or a file that is not line-delimited, and holding it would make readers slow and memory-bound.
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** The error for a record that grows past MAX_RECORD_BYTES, naming file and the line where it starts. */
export function recordTooLong(file: string, line: number, unclosedQuote: boolean): InputError {
  const cause = unclosedQuote ? "a quoted field that is never closed" : "a line without a line break";
  return new InputError(
    "record_too_long",
    `${file}:${line}: a record longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB (${cause}); no record may exceed 16 MiB`,
    {
      file,
      hint: unclosedQuote
        ? `check the quotes at line ${line}, or read the file without quoting: --delimiter with a character it does not hold`
        : "is this file line-delimited (CSV, TSV or JSON Lines)?",
    },
  );
}
