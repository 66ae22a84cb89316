import type { SectionArray } from "./format.js";

/** A stack of dense layers with its input normalisation, as the model file stores it (docs/artifact-format.md). */
export interface DenseStack {
  readonly mean: Float32Array;
  readonly std: Float32Array;
  readonly layers: readonly {
    readonly nIn: number;
    readonly nOut: number;
    readonly w: Float32Array;
    readonly b: Float32Array;
    readonly relu: boolean;
  }[];
}

/** The shape of each layer, for the manifest. */
export interface LayerShape {
  nIn: number;
  nOut: number;
  relu: boolean;
}

/**
 * Sections of a dense stack named `<name>_mean`, `<name>_std`, `<name>_w<i>`, `<name>_b<i>`: float32 always (a ranker
 * is a few thousand numbers; its rankings are not worth a quantisation error). Returns the sections and the shapes.
 */
export function denseStackSections(
  name: string,
  s: DenseStack,
): {
  sections: Record<string, SectionArray>;
  shapes: LayerShape[];
} {
  const sections: Record<string, SectionArray> = { [`${name}_mean`]: s.mean, [`${name}_std`]: s.std };
  s.layers.forEach((l, i) => {
    sections[`${name}_w${i}`] = l.w;
    sections[`${name}_b${i}`] = l.b;
  });
  return { sections, shapes: s.layers.map(({ nIn, nOut, relu }) => ({ nIn, nOut, relu })) };
}

/** The dense stack back from its sections, or null when a section is missing or of another size than the shapes. */
export function readDenseStack(
  name: string,
  shapes: readonly LayerShape[],
  get: (section: string) => SectionArray | undefined,
): DenseStack | null {
  const mean = get(`${name}_mean`);
  const std = get(`${name}_std`);
  if (!(mean instanceof Float32Array) || !(std instanceof Float32Array) || mean.length !== std.length) return null;
  if (shapes.length === 0 || shapes[0].nIn !== mean.length || shapes[shapes.length - 1].nOut !== 1) return null;
  const layers = [];
  for (let i = 0; i < shapes.length; i++) {
    const { nIn, nOut, relu } = shapes[i];
    if (!(Number.isInteger(nIn) && Number.isInteger(nOut) && nIn > 0 && nOut > 0)) return null;
    if (i > 0 && shapes[i - 1].nOut !== nIn) return null;
    const w = get(`${name}_w${i}`);
    const b = get(`${name}_b${i}`);
    if (!(w instanceof Float32Array) || !(b instanceof Float32Array) || w.length !== nIn * nOut || b.length !== nOut)
      return null;
    layers.push({ nIn, nOut, w, b, relu: relu === true });
  }
  for (let f = 0; f < std.length; f++) if (!(std[f] > 0) || !Number.isFinite(mean[f])) return null;
  return { mean, std, layers };
}
