import { UsageError } from "../errors.js";
import { exportParquetFolder, type PartitionBy } from "../io/parquet-export.js";

export interface DatasetExportOptions {
  data: string;
  out: string;
  format: string;
  partitionBy: string | undefined;
}

export interface DatasetExportReport {
  out: string;
  format: "parquet";
  partitionBy: PartitionBy;
  rows: number;
  parts: number;
  bytes: number;
  partitions: number;
  seconds: number;
}

/** `cartlift dataset export`: a dataset as partitioned Parquet (ids as text and as codes) with its manifest. */
export async function datasetExport(o: DatasetExportOptions): Promise<DatasetExportReport> {
  const started = performance.now();
  if (o.format !== "parquet")
    throw new UsageError(`--format ${o.format} is not supported`, "the export formats are: parquet");
  if (o.partitionBy !== undefined && o.partitionBy !== "day" && o.partitionBy !== "none")
    throw new UsageError(`--partition-by ${o.partitionBy} is not supported`, "partition by: day, none");
  const partitionBy: PartitionBy = o.partitionBy === "day" ? "day" : null;
  const m = await exportParquetFolder(o.data, o.out, partitionBy);
  return {
    out: o.out,
    format: "parquet",
    partitionBy,
    rows: m.rows,
    parts: m.parts.length,
    bytes: m.parts.reduce((s, p) => s + p.bytes, 0),
    partitions: new Set(m.parts.map((p) => p.path.split("/").slice(0, -1).join("/"))).size,
    seconds: (performance.now() - started) / 1000,
  };
}
