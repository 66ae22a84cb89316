import { accessSync, constants, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import type { EventTable } from "../data/event-table.js";
import { InputError } from "../errors.js";
import { CODES_SCHEMA, ParquetPartWriter } from "./parquet-parts.js";
import { trackTemp, removeTemp } from "./temp-files.js";

/**
 * A working folder of this process inside `base` (an engine's spill and intermediate files), removed on every exit
 * path and on an interrupt. An unwritable `base` is an input error naming it.
 */
export function engineTempDir(base: string, flag = "--temp-dir"): string {
  const dir = join(base, `cartlift-engine-${process.pid}`);
  try {
    mkdirSync(base, { recursive: true });
    accessSync(base, constants.W_OK);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
  } catch (e) {
    throw new InputError("temp_dir_unwritable", `${flag} ${base}: cannot write there (${(e as Error).message})`, {
      file: base,
      hint: "give a writable folder with room for the engine's spill files",
    });
  }
  trackTemp(dir);
  return dir;
}

export function removeEngineTempDir(dir: string): void {
  removeTemp(dir);
}

/** Bytes under a folder (the engine's temporary disk use), 0 if it is gone. */
export function folderBytes(dir: string): number {
  let total = 0;
  try {
    for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
      if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  } catch {
    return total;
  }
  return total;
}

/** The columns an engine counts from, as Parquet parts in `dir` (ts, row, user, session, item and event codes). */
export async function writeCodesParquet(table: EventTable, dir: string): Promise<number> {
  const pw = await import("parquet-wasm");
  const writer = new ParquetPartWriter(pw, dir, table.dicts, CODES_SCHEMA);
  for (let i = 0; i < table.length; i++) writer.add(table, i, i, "");
  return writer.finish().length;
}

/** A top-k result file (a, b, score) as typed columns, in file order. */
export async function readTopK(path: string): Promise<{ a: Int32Array; b: Int32Array; score: Float64Array }> {
  const pw = await import("parquet-wasm");
  const wasm = pw.readParquet(readFileSync(path));
  const t = tableFromIPC(wasm.intoIPCStream());
  const n = t.numRows;
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const score = new Float64Array(n);
  const copy = (name: string, out: Int32Array | Float64Array) => {
    let at = 0;
    for (const d of t.getChild(name)!.data) {
      out.set((d.values as Int32Array | Float64Array).subarray(d.offset, d.offset + d.length), at);
      at += d.length;
    }
  };
  copy("a", a);
  copy("b", b);
  copy("score", score);
  return { a, b, score };
}
