import type { SectionArray } from "../artifact/format.js";
import type { Quantize } from "../artifact/neighbour-sections.js";
import { writeModelFile } from "../io/write-model-file.js";
import { asWriteError } from "../io/write-error.js";
import { Dictionary } from "../data/dictionary.js";
import { InputError, UsageError } from "../errors.js";
import { loadModel } from "../models/model-reader.js";
import { modelSections } from "../models/model-writer.js";
import { neighbourEntries, shrinkModel } from "../models/registry.js";
import { commitPoint } from "../data/yield-point.js";
import { readTextFile } from "../io/read-text-file.js";

export interface ExportOptions {
  model: string;
  out: string;
  /** Neighbours kept per item (default: all the model has). */
  k?: number;
  quantize: Quantize;
  /** Keep only items with a training event at or after this time (epoch ms). */
  itemsSeenSince?: number;
  /** An evaluate report (report.json or --json output) whose figures for this model go into the manifest. */
  metrics?: string;
  /** The model's name in that report (default: its only model). */
  metricsModel?: string;
}

export interface ExportReport {
  out: string;
  /** File size. */
  bytes: number;
  /** Stored neighbour entries. */
  neighbours: number;
  items: number;
  sourceItems: number;
  bytesPerNeighbour: number | null;
  sourceBytes: number;
  quantize: Quantize;
  /** Bytes by section (the header counted as "header"), largest first. */
  sections: { name: string; bytes: number }[];
}

/** `cartlift export`: a trained model file -> the compact serving artifact (same format, smaller). */
export function exportModel(o: ExportOptions): ExportReport {
  return writeExport(prepareExport(o));
}

/**
 * exportModel for commands: the artifact is built, then the command yields once so that an interrupt during the build
 * stops it before the file is replaced.
 */
export async function exportModelCommitted(o: ExportOptions): Promise<ExportReport> {
  const prepared = prepareExport(o);
  await commitPoint();
  return writeExport(prepared);
}

function prepareExport(o: ExportOptions) {
  if (o.k !== undefined && !(Number.isInteger(o.k) && o.k >= 1))
    throw new UsageError(`--k must be a whole number of at least 1, got ${o.k}`);
  const saved = loadModel(o.model);
  const { items, manifest } = saved;
  const newCode = keptItems(saved.extra.get("item_last_seen"), items.size, o.itemsSeenSince, o.model);
  let kept = 0;
  for (const c of newCode) if (c >= 0) kept++;
  const keptItemsDict =
    kept === items.size ? items : Dictionary.fromStrings(items.ids().filter((_, c) => newCode[c] >= 0));
  const model = shrinkModel(saved.model, newCode, kept, o.k ?? null);
  const { sections, kind, params } = modelSections(model, keptItemsDict, manifest.params, o.quantize);
  const artifactManifest = {
    ...manifest,
    kind,
    params,
    items: kept,
    artifact: {
      quantize: o.quantize,
      k: o.k ?? null,
      itemsSeenSince: o.itemsSeenSince === undefined ? null : new Date(o.itemsSeenSince).toISOString(),
      sourceItems: items.size,
    },
    createdAt: manifest.data?.until ?? manifest.data?.to ?? null,
    ...(o.metrics ? { metrics: metricsFrom(o.metrics, o.metricsModel) } : {}),
  };
  return { o, saved, model, sections, kept, artifactManifest };
}

function writeExport(p: ReturnType<typeof prepareExport>): ExportReport {
  const { o, saved, model, sections, kept } = p;
  const { items } = saved;
  let bytes: number;
  try {
    bytes = writeModelFile(o.out, p.artifactManifest, sections);
  } catch (e) {
    throw asWriteError(e, o.out, "the artifact");
  }
  const neighbours = neighbourEntries(model);
  return {
    out: o.out,
    bytes,
    neighbours,
    items: kept,
    sourceItems: items.size,
    bytesPerNeighbour: neighbours > 0 ? Math.round((bytes / neighbours) * 1000) / 1000 : null,
    sourceBytes: saved.bytes,
    quantize: o.quantize,
    sections: sectionSizes(sections, bytes),
  };
}

/** New item codes (-1: dropped) for items seen since `since`; all items when no filter is asked. */
function keptItems(lastSeen: SectionArray | undefined, n: number, since: number | undefined, path: string): Int32Array {
  const codes = new Int32Array(n);
  if (since === undefined) return codes.map((_, c) => c);
  if (!(lastSeen instanceof Float64Array) || lastSeen.length !== n)
    throw new InputError("no_item_last_seen", `${path} does not record when items were last seen`, {
      file: path,
      hint: "re-train it with this cartlift, or export without --items-seen-since",
    });
  let next = 0;
  for (let c = 0; c < n; c++) codes[c] = lastSeen[c] >= since ? next++ : -1;
  if (next === 0)
    throw new UsageError(`--items-seen-since ${new Date(since).toISOString()} keeps no item`, "choose an earlier time");
  return codes;
}

function metricsFrom(file: string, name: string | undefined): Record<string, unknown> {
  let report: {
    protocol?: string;
    cut?: string;
    cases?: number;
    models?: { name: string; values: Record<string, number> }[];
  };
  const text = readTextFile(file, "evaluate report", 256 << 20);
  try {
    report = JSON.parse(text);
  } catch (e) {
    throw new InputError("bad_metrics", `${file}: not a readable evaluate report (${(e as Error).message})`, { file });
  }
  const models = report.models ?? [];
  const m = name === undefined ? (models.length === 1 ? models[0] : undefined) : models.find((x) => x.name === name);
  if (!m)
    throw new UsageError(
      `${file}: ${name === undefined ? `holds ${models.length} models; name one with --metrics-model` : `has no model "${name}"`}`,
      `models: ${models.map((x) => x.name).join(", ")}`,
    );
  return { protocol: report.protocol, cut: report.cut, cases: report.cases, model: m.name, values: m.values };
}

function sectionSizes(sections: Record<string, SectionArray>, total: number): ExportReport["sections"] {
  const sizes = Object.entries(sections).map(([name, a]) => ({ name, bytes: a.byteLength }));
  const body = sizes.reduce((s, x) => s + x.bytes, 0);
  return [...sizes, { name: "header and padding", bytes: total - body }].sort((a, b) => b.bytes - a.bytes);
}
