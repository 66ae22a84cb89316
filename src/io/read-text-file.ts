import { existsSync, readFileSync, statSync } from "node:fs";
import { InputError } from "../errors.js";

/** A small text input named by a flag (a rules file): a clear error when it is missing or not a file. */
export function readTextFile(path: string, flag: string): string {
  if (!existsSync(path)) throw new InputError("missing_file", `${flag} ${path}: no such file`, { file: path });
  if (!statSync(path).isFile()) throw new InputError("not_a_file", `${flag} ${path}: not a file`, { file: path });
  return readFileSync(path, "utf8");
}
