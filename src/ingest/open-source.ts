import { open } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { InputError } from "../errors.js";
import { openCsv } from "../io/read-csv.js";
import { peekFirstLine } from "../io/byte-chunks.js";
import { openJsonl, sampleRecords } from "../io/read-jsonl.js";
import { sniffSample } from "./sources/sniff-source.js";
import { openParquet } from "../io/read-parquet.js";
import { openNestedParquet } from "../io/read-nested-parquet.js";
import type { RecordSource } from "../io/raw-batch.js";
import { sniffDelimiter, splitHeader } from "../io/csv-tokenizer.js";
import type { Preset, SourceSpec } from "./presets.js";
import { showList } from "../io/show-text.js";

export interface OpenOptions {
  preset?: Preset;
  delimiter?: string;
  noHeader?: boolean;
}

export interface OpenedSource {
  source: RecordSource;
  spec: SourceSpec;
  variant?: string;
}

export type FileFormat = "csv" | "parquet" | "jsonl";

/** Tells the format from the content (magic bytes, first character), falling back to the extension. */
export async function detectFormat(file: string): Promise<FileFormat> {
  const head = await readStart(file, 4096);
  if (head.length >= 4 && head.toString("latin1", 0, 4) === "PAR1") return "parquet";
  let text = head;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    try {
      text = gunzipSync(head, { finishFlush: 2 });
    } catch {
      return "csv"; // the CSV reader reports the broken gzip with its own message
    }
  }
  const first = text
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart()[0];
  if (first === "{" || /\.(jsonl|ndjson)(\.gz)?$/i.test(file)) return "jsonl";
  if (/\.parquet/i.test(file)) return "parquet";
  return "csv";
}

/** Opens one input file and works out how its columns map onto the canonical schema. */
export async function openSource(file: string, opts: OpenOptions): Promise<OpenedSource> {
  const format = await detectFormat(file);
  const nested = opts.preset?.variants[0].spec.nested;
  if (format === "csv" && nested)
    throw new InputError(
      "preset_format",
      `${file}: --preset ${opts.preset!.name} reads JSON lines or Parquet, not csv`,
      {
        file,
        hint: "export the events as JSON lines or Parquet, which keep the nested items (see docs/sources.md)",
      },
    );
  if (format === "parquet")
    return withVariant(nested ? await openNestedParquet(file, nested()) : await openParquet(file), opts.preset);
  if (format === "jsonl") {
    if (nested) return withVariant(await openJsonl(file, nested()), opts.preset);
    if (!opts.preset) await refuseAnalyticsExport(file);
    return withVariant(await openJsonl(file), opts.preset);
  }
  const preset = opts.preset;
  if (preset?.headerless && !opts.noHeader) {
    const headerless = await chooseHeaderlessVariant(file, preset, opts.delimiter);
    if (headerless) {
      const { variant, delimiter } = headerless;
      const source = await openCsv(file, { header: variant.spec.header, delimiter });
      return { source, spec: variant.spec, variant: variant.name };
    }
  }
  const source = await openCsv(file, { delimiter: opts.delimiter, noHeader: opts.noHeader });
  return withVariant(source, preset);
}

/** A GA4, Segment or Snowplow export read without its preset would flatten the wrong array: say which preset fits. */
async function refuseAnalyticsExport(file: string): Promise<void> {
  const looks = sniffSample(await sampleRecords(file, 50));
  if (looks)
    throw new InputError("preset_needed", `${file} looks like a ${looks} export, whose events nest their items`, {
      file,
      hint: `pass --preset ${looks}`,
    });
}

function withVariant(source: RecordSource, preset: Preset | undefined): OpenedSource {
  if (!preset) return { source, spec: { map: {} } };
  const variant = preset.variants.find((v) => v.matches(source.columns, source.columns.length));
  if (!variant) {
    throw new InputError(
      "preset_mismatch",
      `${source.file} does not look like a "${preset.name}" file (columns: ${showList(source.columns)})`,
      {
        file: source.file,
        hint: `expected ${preset.description}; or leave out --preset and name columns with --map`,
      },
    );
  }
  return { source, spec: variant.spec, variant: variant.name };
}

/**
 * For presets whose files have no header (Taobao, YOOCHOOSE, MovieLens u.data/ratings.dat): pick the
 * variant by field count, unless the first line is in fact a header naming the variant's columns.
 */
async function chooseHeaderlessVariant(file: string, preset: Preset, delimiterOpt?: string) {
  const line = await peekFirstLine(file);
  for (const variant of preset.variants) {
    const header = variant.spec.header;
    if (!header) continue;
    const delimiter = delimiterOpt ?? variant.spec.delimiter ?? sniffDelimiter(line);
    const fields = splitHeader(line, delimiter.charCodeAt(0));
    if (fields.length !== header.length || !variant.matches([], fields.length)) continue;
    const isHeader = fields.some((f) => header.includes(f));
    if (!isHeader) return { variant, delimiter };
  }
  return null;
}

async function readStart(file: string, n: number): Promise<Buffer> {
  let fh;
  try {
    fh = await open(file, "r");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT")
      throw new InputError("file_not_found", `${file}: no such file`, { file, hint: "check the path" });
    if (err.code === "EISDIR")
      throw new InputError("not_a_file", `${file} is a directory, not an event file`, { file });
    throw new InputError("unreadable_file", `${file}: cannot read (${err.message})`, { file });
  }
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "EISDIR")
      throw new InputError("not_a_file", `${file} is a directory, not an event file`, { file });
    throw new InputError("unreadable_file", `${file}: cannot read (${err.message})`, { file });
  } finally {
    await fh.close();
  }
}
