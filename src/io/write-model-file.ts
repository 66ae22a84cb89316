import { layoutModel } from "../artifact/layout-model.js";
import type { ModelManifest, SectionArray } from "../artifact/format.js";
import { writeAtomicParts } from "./write-atomic.js";

/** Writes a model file (built beside the target, then renamed over it); returns its size. */
export function writeModelFile(path: string, manifest: ModelManifest, sections: Record<string, SectionArray>): number {
  const { size, parts } = layoutModel(manifest, sections);
  writeAtomicParts(path, size, parts);
  return size;
}
