import { join } from "node:path";
import { writeAtomic } from "./write-atomic.js";

/**
 * Writes a report's files (name -> text) into `dir`, creating it if needed; returns their paths by name. Each file is
 * written beside its name, flushed and renamed; the last (report.json, the folder's cartlift marker) comes last.
 */
export function writeReportFiles(dir: string, files: Record<string, string>): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    paths[name] = join(dir, name);
    writeAtomic(paths[name], text);
  }
  return paths;
}
