import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { InputError } from "../errors.js";

/** Each non-empty line of a JSON Lines file as an object, with its 1-based line number; a bad line is an error naming file and line. */
export async function* jsonLines(file: string): AsyncGenerator<{ line: number; value: Record<string, unknown> }> {
  if (!existsSync(file)) throw new InputError("file_not_found", `${file}: no such file`, { file });
  const rl = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new InputError("bad_json", `${file}:${line}: not valid JSON (${(e as Error).message})`, { file });
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InputError("bad_json", `${file}:${line}: expected a JSON object`, { file });
    yield { line, value: value as Record<string, unknown> };
  }
}
