import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes a report's files (name -> text) into `dir`, creating it if needed; returns their paths by name. */
export function writeReportFiles(dir: string, files: Record<string, string>): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const paths: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    paths[name] = join(dir, name);
    writeFileSync(paths[name], text);
  }
  return paths;
}
