import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { InputError, UsageError } from "../errors.js";
import { commitPoint } from "../data/yield-point.js";
import type { DatasetManifest } from "./dataset-format.js";
import { ParquetPartWriter, PARQUET_SCHEMA, type ParquetPart } from "./parquet-parts.js";
import { datasetBatches } from "./read-dataset.js";
import { releaseTemp, removeTemp, tempBeside, trackTemp } from "./temp-files.js";

export const PARQUET_EXPORT_FORMAT = "cartlift-parquet";
export const PARQUET_MANIFEST = "manifest.json";

export type PartitionBy = "day" | null;

/** manifest.json of an exported Parquet folder: what it holds and where it came from. */
export interface ParquetManifest {
  format: typeof PARQUET_EXPORT_FORMAT;
  version: 1;
  partitionBy: PartitionBy;
  rows: number;
  columns: { name: string; type: string; nullable: boolean }[];
  parts: ParquetPart[];
  /** Dictionary sizes: a code column's values are below these. */
  codes: { user: number; session: number; item: number; category: number; order: number };
  /** The dataset's own manifest, as it was. */
  dataset: DatasetManifest;
}

/**
 * Writes a dataset as Parquet parts under `out` (`day=YYYY-MM-DD/part-NNNNN.parquet` with partitionBy day, else
 * `part-NNNNN.parquet`) with manifest.json. Streams the dataset batch by batch. The folder is built beside `out`
 * and renamed in at the end: `out` is new, empty, or an earlier export (replaced whole); anything else is refused.
 */
export async function exportParquetFolder(
  data: string,
  out: string,
  partitionBy: PartitionBy,
): Promise<ParquetManifest> {
  checkParquetOut(out);
  const pw = await import("parquet-wasm");
  const stage = tempBeside(out);
  removeTemp(stage);
  trackTemp(stage); // removed by an interrupt too
  let manifest: ParquetManifest;
  try {
    mkdirSync(stage, { recursive: true });
    let writer: ParquetPartWriter | null = null;
    let source: DatasetManifest | null = null;
    let codes: ParquetManifest["codes"] | null = null;
    let lastDay = NaN;
    let dayKey = "";
    let row = 0;
    for (const { columns: c, length, dicts, manifest: m } of datasetBatches(data)) {
      if (!writer) {
        writer = new ParquetPartWriter(pw, stage, dicts);
        source = m;
        codes = {
          user: dicts.user.size,
          session: dicts.session.size,
          item: dicts.item.size,
          category: dicts.category.size,
          order: dicts.order.size,
        };
      }
      for (let i = 0; i < length; i++) {
        if (partitionBy === "day") {
          const day = Math.floor(c.ts[i] / 86_400_000);
          if (day !== lastDay) {
            lastDay = day;
            dayKey = `day=${new Date(day * 86_400_000).toISOString().slice(0, 10)}`;
          }
        }
        writer.add(c, i, row++, dayKey);
      }
      await commitPoint();
    }
    const parts = writer!.finish();
    manifest = {
      format: PARQUET_EXPORT_FORMAT,
      version: 1,
      partitionBy,
      rows: parts.reduce((s, p) => s + p.rows, 0),
      columns: PARQUET_SCHEMA.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable })),
      parts,
      codes: codes!,
      dataset: source!,
    };
    writeFileSync(join(stage, PARQUET_MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
    await commitPoint();
  } catch (e) {
    removeTemp(stage);
    throw e;
  }
  swapIn(stage, out);
  return manifest;
}

/** Renames the finished stage onto `out`: an earlier export moves aside first and is removed after. */
function swapIn(stage: string, out: string): void {
  if (existsSync(out) && readdirSync(out).length === 0) rmdirSync(out);
  if (!existsSync(out)) {
    renameSync(stage, out);
    releaseTemp(stage);
    return;
  }
  const aside = `${out}.old-${process.pid}`;
  renameSync(out, aside);
  renameSync(stage, out);
  releaseTemp(stage);
  rmSync(aside, { recursive: true, force: true });
}

/** `--out` of an export: new, empty, or an earlier Parquet export of cartlift's (only its manifest, parts, days). */
export function checkParquetOut(out: string): void {
  if (!existsSync(out)) return;
  let entries: string[];
  try {
    entries = readdirSync(out);
  } catch {
    throw new UsageError(`--out ${out} is a file; give a folder`, "choose a new or empty folder");
  }
  if (entries.length === 0) return;
  const foreign = entries.filter((e) => e !== PARQUET_MANIFEST && !/^part-\d+\.parquet$/.test(e) && !/^day=/.test(e));
  let ours: boolean;
  try {
    ours = JSON.parse(readFileSync(join(out, PARQUET_MANIFEST), "utf8")).format === PARQUET_EXPORT_FORMAT;
  } catch {
    ours = false;
  }
  if (foreign.length > 0 || !ours)
    throw new InputError(
      "foreign_out",
      `--out ${out} holds files that are not a cartlift Parquet export (${(foreign.length ? foreign : entries)
        .slice(0, 5)
        .join(", ")}); nothing was written`,
      { file: out, hint: "choose a new or empty folder: cartlift never overwrites files it did not create" },
    );
}

/** Reads an export's manifest.json (for engines and --from-pairs), refusing a folder that is not one. */
export function readParquetManifest(dir: string): ParquetManifest {
  const path = join(dir, PARQUET_MANIFEST);
  let m: ParquetManifest;
  try {
    m = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new InputError("not_a_parquet_export", `${dir}: no readable ${PARQUET_MANIFEST} (${(e as Error).message})`, {
      file: path,
      hint: "write one with cartlift dataset export --data <dataset> --out <dir> --format parquet",
    });
  }
  if (m.format !== PARQUET_EXPORT_FORMAT)
    throw new InputError(
      "not_a_parquet_export",
      `${path}: format is "${m.format}", expected "${PARQUET_EXPORT_FORMAT}"`,
      {
        file: path,
      },
    );
  return m;
}
