import { existsSync, readFileSync } from "node:fs";
import Papa from "papaparse";
import { InputError } from "../errors.js";

/**
 * Reads an assignments file (CSV with a header holding `user` and `arm`; other columns allowed), as written by
 * cartlift experiment assign or by the tool that assigned users. An arm not in the experiment, a user named twice with
 * two arms, or an empty value is an error naming the file, line and value.
 */
export function readAssignments(path: string, arms: readonly string[]): Map<string, string> {
  if (!existsSync(path)) throw new InputError("file_not_found", `${path}: no such file`, { file: path });
  const rows = Papa.parse<string[]>(readFileSync(path, "utf8"), { skipEmptyLines: true }).data;
  const header = (rows.shift() ?? []).map((h) => h.trim());
  const userCol = header.indexOf("user");
  const armCol = header.indexOf("arm");
  if (userCol < 0 || armCol < 0)
    throw new InputError(
      "missing_column",
      `${path}: needs columns "user" and "arm" (found: ${header.join(", ") || "nothing"})`,
      { file: path },
    );
  const out = new Map<string, string>();
  rows.forEach((r, x) => {
    const line = x + 2;
    const user = (r[userCol] ?? "").trim();
    const arm = (r[armCol] ?? "").trim();
    if (user === "") throw new InputError("bad_assignment", `${path}:${line}: column "user" is empty`, { file: path });
    if (!arms.includes(arm))
      throw new InputError(
        "unknown_arm",
        `${path}:${line}: column "arm": "${arm}" is not an arm of the experiment (arms: ${arms.join(", ")})`,
        { file: path, hint: 'fix the file, or add the arm to the experiment\'s "arms"' },
      );
    const before = out.get(user);
    if (before !== undefined && before !== arm)
      throw new InputError(
        "bad_assignment",
        `${path}:${line}: user "${user}" is in arm "${arm}" here and in "${before}" on an earlier line`,
        { file: path },
      );
    out.set(user, arm);
  });
  return out;
}
