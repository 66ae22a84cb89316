import { UsageError } from "../../errors.js";
import { oneOf, whole, type ModelOption } from "../option-table.js";

/** Where the counting runs (docs/scale-out.md); none of these changes the model, so none is kept in its params. */
export const ENGINES = ["memory", "duckdb", "auto", "spark"] as const;
export type CovisEngine = (typeof ENGINES)[number];

/** A size such as 4GB, 512MB, 1.5GiB or a byte count, in bytes. */
export function parseBytes(text: string, where: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)?\s*$/i.exec(text);
  if (!m) throw new UsageError(`${where} expects a size such as 4GB or 512MB, got "${text}"`);
  const unit = (m[2] ?? "b").toLowerCase();
  const scale = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1 << 20, gb: 1e9, gib: 1 << 30, tb: 1e12, tib: 2 ** 40 }[
    unit
  ]!;
  const bytes = Math.round(Number(m[1]) * scale);
  if (bytes < 1 << 20) throw new UsageError(`${where} must be at least 1MB, got "${text}"`);
  return bytes;
}

export const ENGINE_OPTIONS: readonly ModelOption[] = [
  {
    name: "engine",
    key: "engine",
    parse: oneOf(ENGINES),
    default: "memory",
    value: `<${ENGINES.join("|")}>`,
    doc: "count in memory, on DuckDB (out of core, same lists), auto (DuckDB when memory's estimate passes --memory-limit), or spark (with --emit-sql: write the Spark SQL script)",
  },
  {
    name: "from-pairs",
    key: "fromPairs",
    parse: (text) => text,
    value: "<parquet-dir>",
    defaultNote: "none",
    doc: "build the model from an engine's top-k output (a, b, score, rank; e.g. the Spark script's) instead of counting",
  },
  {
    name: "memory-limit",
    key: "memoryLimit",
    parse: parseBytes,
    value: "<size>",
    defaultNote: "4GB",
    doc: "with --engine duckdb|auto: the memory DuckDB may use (it spills to --temp-dir beyond it), e.g. 1GB",
  },
  {
    name: "temp-dir",
    key: "tempDir",
    parse: (text) => text,
    value: "<dir>",
    defaultNote: "the system's temporary folder",
    doc: "with --engine duckdb: where DuckDB spills and the buckets' files go (removed after)",
  },
  {
    name: "buckets",
    key: "buckets",
    parse: (text, where) => (text === "auto" ? 0 : whole(1, 4096)(text, where)),
    default: "auto",
    value: "<n|auto>",
    doc: "with --engine duckdb: anchor buckets counted one after the other; auto: from the data and the memory limit",
  },
];

/** The engine options out of a covis options object (they never reach the model's params). */
export function takeEngineOptions(o: Record<string, unknown>): {
  engine: CovisEngine;
  memoryLimit: number;
  tempDir: string | null;
  buckets: number;
  fromPairs: string | null;
} {
  const taken = {
    fromPairs: (o.fromPairs as string | undefined) ?? null,
    engine: (o.engine as CovisEngine | undefined) ?? "memory",
    memoryLimit: (o.memoryLimit as number | undefined) ?? 4e9,
    tempDir: (o.tempDir as string | undefined) ?? null,
    buckets: (o.buckets as number | undefined) ?? 0,
  };
  delete o.engine;
  delete o.memoryLimit;
  delete o.tempDir;
  delete o.buckets;
  delete o.fromPairs;
  return taken;
}
