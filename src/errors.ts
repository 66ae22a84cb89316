/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, usage: 2, gate: 3, internal: 4, rejectedRows: 5, sigint: 130, sigterm: 143 } as const;

/** An error the user can act on: a stable code, a message that names the culprit, and a hint. */
export class CartliftError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly exitCode: number;
  constructor(code: string, message: string, hint?: string, exitCode: number = EXIT.usage) {
    super(message);
    this.name = "CartliftError";
    this.code = code;
    this.hint = hint;
    this.exitCode = exitCode;
  }
}

/** A problem with an input file as a whole (missing, empty, wrong columns...). */
export class InputError extends CartliftError {
  readonly file?: string;
  constructor(code: string, message: string, opts: { file?: string; hint?: string } = {}) {
    super(code, message, opts.hint);
    this.name = "InputError";
    this.file = opts.file;
  }
}

/** A bad row met under --strict: names the file, line and column. */
export class RowError extends CartliftError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: string,
    readonly reason: string,
    detail: string,
  ) {
    super(
      `row_${reason}`,
      `${file}:${line}: column "${column}": ${detail}`,
      "drop --strict to quarantine bad rows instead",
    );
    this.name = "RowError";
  }
}

/** A bad command-line option. */
export class UsageError extends CartliftError {
  constructor(message: string, hint?: string) {
    super("usage", message, hint);
    this.name = "UsageError";
  }
}

/**
 * A full or read-only disk met by a writer that does not name its output itself: still the user's to fix (exit 2),
 * never an internal error. Null for any other error.
 */
export function diskRefusal(e: unknown): CartliftError | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (code !== "ENOSPC" && code !== "EDQUOT" && code !== "EROFS") return null;
  return new CartliftError(
    "unwritable_out",
    `cannot write an output (${(e as Error).message})`,
    "free some disk space, or write to another disk, and run again; the previous output was left as it was",
  );
}
