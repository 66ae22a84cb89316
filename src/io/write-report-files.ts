import { join } from "node:path";
import { lockFolder, type FolderLock } from "./folder-lock.js";
import { removeTemp } from "./temp-files.js";
import { asWriteError } from "./write-error.js";
import { commitTemp, writeTemp } from "./write-atomic.js";

/**
 * Writes a report's files (name -> text) into `dir`, creating it if needed; returns their paths by name. Every file is
 * first written and flushed beside its name, then all are renamed, the last (report.json, the folder's cartlift
 * marker) last: a full disk or an error before the renames leaves the previous report whole, never half of a new one.
 * The folder's lock (folder-lock.ts) is held meanwhile.
 */
export function writeReportFiles(dir: string, files: Record<string, string>): Record<string, string> {
  // two commands writing one report folder at once: the second fails clearly instead of mixing the two reports
  let lock: FolderLock | undefined;
  try {
    lock = lockFolder(dir, "writing the report");
    return writeAll(dir, files);
  } catch (e) {
    throw asWriteError(e, dir, "the report");
  } finally {
    lock?.release();
  }
}

function writeAll(dir: string, files: Record<string, string>): Record<string, string> {
  const paths: Record<string, string> = {};
  const temps: string[] = [];
  try {
    for (const [name, text] of Object.entries(files)) {
      paths[name] = join(dir, name);
      const bytes = Buffer.from(text);
      temps.push(writeTemp(paths[name], bytes.length, [{ offset: 0, bytes }]));
    }
  } catch (e) {
    for (const t of temps) removeTemp(t);
    throw e;
  }
  Object.keys(files).forEach((name, i) => commitTemp(temps[i], paths[name]));
  return paths;
}
