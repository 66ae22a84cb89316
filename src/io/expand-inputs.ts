import { readdirSync, statSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import { InputError } from "../errors.js";

/**
 * Expands wildcards in the last path segment ("logs/2019-*.csv.gz"), so that quoting a glob works
 * the same on every shell; results are sorted for a stable ingest order. Plain paths pass through.
 */
export function expandInputs(patterns: string[]): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    if (!/[*?[]/.test(basename(p))) {
      out.push(p);
      continue;
    }
    const dir = dirname(p);
    const re = globToRegExp(basename(p));
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      throw new InputError("file_not_found", `${p}: folder ${dir} does not exist`, { file: p });
    }
    const matches = names
      .filter((n) => re.test(n))
      .map((n) => join(dir, n))
      .filter((f) => statSync(f).isFile())
      .sort();
    if (matches.length === 0)
      throw new InputError("file_not_found", `${p}: no file matches`, { file: p, hint: "check the pattern" });
    out.push(...matches);
  }
  return out;
}

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (const ch of glob) {
    if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else if ("[]".includes(ch)) re += ch;
    else re += ch.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
