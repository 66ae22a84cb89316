import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { ModelManifest, SectionArray } from "../artifact/format.js";
import { readNeighbourSections } from "../artifact/neighbour-sections.js";
import { parseModel, type LoadedModelFile } from "../artifact/read-model.js";
import { validCodes, validOffsets } from "../artifact/validate-sections.js";
import { readVectorSections, vectorSectionNames } from "../artifact/vector-sections.js";
import { Dictionary } from "../data/dictionary.js";
import { InputError } from "../errors.js";
import { PopularModel } from "./baselines/popular.js";
import type { SectionSource } from "./model-kind.js";
import type { Recommender } from "./recommender.js";
import { findKind } from "./registry.js";

/** A trained model with the item ids its codes stand for. */
export interface SavedModel {
  model: Recommender;
  items: Dictionary;
  manifest: ModelManifest;
  /** Sections beyond the model itself (e.g. item_last_seen), as read. */
  extra: Map<string, SectionArray>;
  /** Format version and size of the file. */
  version: string;
  bytes: number;
}

/**
 * Loads a model file (trained or exported: the same reader) and rebuilds its recommender. It reads the file itself,
 * not through io/: this module is on the import path of `cartlift/serving`, which loads the format and the models'
 * scoring code and nothing else.
 */
export function loadModel(path: string): SavedModel {
  return loadModelBytes(readModelBytes(path), path);
}

/** loadModel over bytes already in memory (`path` names them in errors). */
export function loadModelBytes(bytes: Uint8Array, path: string): SavedModel {
  return buildSavedModel(parseModel(bytes, path), path);
}

const NEIGHBOUR_SUFFIXES = ["_indptr", "_indices", "_data", "_q16", "_q8", "_row_scale"];

function buildSavedModel({ manifest: raw, sections, version, bytes }: LoadedModelFile, path: string): SavedModel {
  // JSON has no Infinity: the writer spells it out (see pipeline/train.ts)
  const manifest: ModelManifest = JSON.parse(JSON.stringify(raw), (_k, v) => (v === "Infinity" ? Infinity : v));
  const bad = (what: string) =>
    new InputError("bad_model", `${path}: ${what}`, {
      file: path,
      hint: "retrain it with cartlift train, or re-export it",
    });
  const used = new Set<string>();
  const need = <T extends SectionArray>(name: string, type: new (...a: never[]) => T): T => {
    const s = sections.get(name);
    if (!(s instanceof type)) throw bad(`section "${name}" is missing or of the wrong type`);
    used.add(name);
    return s;
  };
  const offsets = need("item_id_offsets", Int32Array);
  const idBytes = need("item_id_bytes", Uint8Array);
  const nItems = offsets.length - 1;
  if (nItems !== manifest.items || !validOffsets(offsets, nItems, idBytes.length))
    throw bad("the item ids do not match the manifest's item count");
  const items = Dictionary.fromUtf8(idBytes, offsets, nItems);
  if (items.size !== nItems) throw bad("an item id appears twice");
  const popularAt = (prefix: string): PopularModel => {
    const ranked = need(`${prefix}popular_items`, Int32Array);
    const scores = need(`${prefix}popular_scores`, Float32Array);
    if (ranked.length !== scores.length || !validCodes(ranked, nItems))
      throw bad(`the "${prefix}popular" list does not match the ${nItems} items`);
    return new PopularModel(nItems, ranked, scores);
  };
  const shared = popularAt("");
  const source = (prefix: string): SectionSource => ({
    prefix,
    nItems,
    need: (name, type) => need(`${prefix}${name}`, type),
    neighbours(name) {
      const m = readNeighbourSections(`${prefix}${name}`, nItems, sections);
      if (
        !m ||
        !validOffsets(m.indptr, nItems, m.indices.length) ||
        m.data.length !== m.indices.length ||
        !validCodes(m.indices, nItems)
      )
        throw bad(`the "${name}" neighbour lists are missing or do not match the ${nItems} items`);
      for (const suffix of NEIGHBOUR_SUFFIXES) used.add(`${prefix}${name}${suffix}`);
      return m;
    },
    vectors(name, dim) {
      const v = readVectorSections(`${prefix}${name}`, nItems, dim, sections);
      if (v) for (const s of vectorSectionNames(`${prefix}${name}`)) used.add(s);
      return v;
    },
    popular: () => (prefix && sections.has(`${prefix}popular_items`) ? popularAt(prefix) : shared),
    readPart: (kind, params, partPrefix) => build(kind, params, partPrefix),
    bad,
  });
  const build = (kind: string, params: Record<string, unknown>, prefix: string): Recommender => {
    const entry = findKind(kind);
    if (!entry)
      throw new InputError("unknown_model_kind", `${path}: model kind "${kind}" is not known to this cartlift`, {
        file: path,
        hint: "upgrade cartlift",
      });
    return entry.read(params, source(prefix));
  };
  const model = buildChecked(() => build(manifest.kind, manifest.params ?? {}, ""), bad);
  const extra = new Map([...sections].filter(([name]) => !used.has(name)));
  return { model, items, manifest, extra, version, bytes };
}

/**
 * A kind's read() checks options as for training (UsageError) and trusts their types; options read from a file that
 * checksums cleanly but holds values of the wrong shape are a bad model file, not a usage error or a crash.
 */
function buildChecked(build: () => Recommender, bad: (what: string) => InputError): Recommender {
  try {
    return build();
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw bad(`its manifest's params cannot be used (${(e as Error).message})`);
  }
}

/**
 * The bytes of a model file, read up to the size it has when opened: a device (/dev/zero), a pipe or a folder is
 * refused before anything is allocated, and a file that grows while read is not followed.
 */
function readModelBytes(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new InputError("model_not_found", `${path}: cannot read the model (${(e as Error).message})`, { file: path });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      throw new InputError(
        "bad_model",
        `${path}: not a regular file (${st.isDirectory() ? "a folder" : "a device or pipe"})`,
        { file: path, hint: "pass the model file cartlift train or cartlift export wrote" },
      );
    const buf = Buffer.allocUnsafe(st.size);
    let at = 0;
    while (at < buf.length) {
      const n = readSync(fd, buf, at, buf.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return buf.subarray(0, at);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError("model_not_found", `${path}: cannot read the model (${(e as Error).message})`, { file: path });
  } finally {
    closeSync(fd);
  }
}
