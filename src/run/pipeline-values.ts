import { InputError } from "../errors.js";

/**
 * Typed readers for the values of a pipeline file: each names the dotted key of a bad value, says what is allowed and
 * quotes what was given. Objects list their allowed keys, so a typo (`gate.tolerence`) is an error, never ignored.
 */
export class PipelineValues {
  constructor(private readonly path: string) {}

  bad(key: string, what: string): InputError {
    return new InputError("bad_pipeline", `${this.path}: "${key}" ${what}`, {
      file: this.path,
      hint: "see docs/ci.md for the pipeline file",
    });
  }

  /** An object whose keys are all among `allowed`. */
  obj(v: unknown, key: string, allowed: readonly string[]): Record<string, unknown> {
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw this.bad(key, "must be an object");
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!allowed.includes(k))
        throw this.bad(`${key}.${k}`, `is not a key of "${key}" (allowed: ${allowed.join(", ")})`);
    return o;
  }

  str(v: unknown, key: string): string {
    if (typeof v !== "string" || !v) throw this.bad(key, `must be a non-empty string, got ${shown(v)}`);
    return v;
  }

  bool(v: unknown, key: string): boolean {
    if (typeof v !== "boolean") throw this.bad(key, `must be true or false, got ${shown(v)}`);
    return v;
  }

  /** A number within [min, max]. */
  num(v: unknown, key: string, min: number, max: number): number {
    if (typeof v !== "number" || !(v >= min && v <= max))
      throw this.bad(key, `must be a number from ${min} to ${max}, got ${shown(v)}`);
    return v;
  }

  /** A whole number within [min, max]. */
  int(v: unknown, key: string, min: number, max: number): number {
    if (typeof v !== "number" || !Number.isInteger(v) || !(v >= min && v <= max))
      throw this.bad(key, `must be a whole number from ${min} to ${max}, got ${shown(v)}`);
    return v;
  }

  /** A name used as a file or folder name inside the run folder: never a path. */
  name(v: unknown, key: string): string {
    const s = this.str(v, key);
    if (
      s.length > 100 ||
      s.startsWith(".") ||
      /[/\\]/.test(s) ||
      [...s].some((c) => c.charCodeAt(0) < 32 || c === "\u007f")
    )
      throw this.bad(
        key,
        `must be a plain name (no "/", "\\\\", control characters or leading "."; at most 100 characters), got ${shown(s)}`,
      );
    return s;
  }

  /** A list of strings (at least one). */
  strings(v: unknown, key: string): string[] {
    if (!Array.isArray(v) || v.length === 0) throw this.bad(key, "must be a non-empty list of strings");
    return v.map((x, i) => this.str(x, `${key}[${i}]`));
  }
}

function shown(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}
