import { existsSync, readFileSync } from "node:fs";
import Papa from "papaparse";
import { InputError } from "../errors.js";

/**
 * The users an exposures file says saw the widget (CSV with a header holding `user`, and optionally `ts`: rows outside
 * [from, to) are left out when it is there). cartlift simulate's exposures.csv is one such file.
 */
export function readExposedUsers(path: string, from: number, to: number): Set<string> {
  if (!existsSync(path)) throw new InputError("file_not_found", `${path}: no such file`, { file: path });
  const rows = Papa.parse<string[]>(readFileSync(path, "utf8"), { skipEmptyLines: true }).data;
  const header = (rows.shift() ?? []).map((h) => h.trim());
  const userCol = header.indexOf("user");
  const tsCol = header.indexOf("ts");
  if (userCol < 0)
    throw new InputError("missing_column", `${path}: needs a column "user" (found: ${header.join(", ")})`, {
      file: path,
    });
  const out = new Set<string>();
  rows.forEach((r, x) => {
    if (tsCol >= 0) {
      const ts = Date.parse(r[tsCol]);
      if (Number.isNaN(ts))
        throw new InputError("bad_exposure", `${path}:${x + 2}: column "ts" is not a time: "${r[tsCol]}"`, {
          file: path,
        });
      if (ts < from || ts >= to) return;
    }
    out.add((r[userCol] ?? "").trim());
  });
  return out;
}
