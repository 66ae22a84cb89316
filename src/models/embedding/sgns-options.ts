/** Skip-gram with negative sampling (Mikolov et al. 2013), the item2vec recipe (Barkan & Koenigstein 2016). */
export interface SgnsOptions {
  dim: number;
  /** Largest distance between an item and its context (each centre draws its own window in 1..window, as word2vec). */
  window: number;
  negatives: number;
  epochs: number;
  /** Learning rate at the start, decayed linearly to `minAlpha` over the run (word2vec, gensim). */
  alpha: number;
  minAlpha: number;
  /** Frequent-item subsampling threshold (word2vec's `sample`); 0 keeps everything. */
  sample: number;
  /** Items seen fewer times are left out (their vectors stay 0). */
  minCount: number;
  seed: number;
}

export const SGNS_DEFAULTS: SgnsOptions = {
  dim: 64,
  window: 5,
  negatives: 10,
  epochs: 20,
  alpha: 0.025,
  minAlpha: 0.0001,
  sample: 1e-3,
  minCount: 1,
  seed: 42,
};
