import { seededRandom } from "../../data/random.js";
import type { Tf } from "../../tensor/tensor-backend.js";
import { lambdaInputs, lambdaLoss } from "./lambda-loss.js";
import type { DenseLayer } from "./ranker.js";
import type { RankerLoss } from "./rerank-options.js";

/** Candidate rows of many queries: query q's rows are [offsets[q], offsets[q + 1]), F features each. */
export interface RankingRows {
  readonly F: number;
  /** Normalised features, row-major. */
  readonly x: Float32Array;
  readonly offsets: Int32Array;
  /** Per row: the query's label distribution (1 / targets among its candidates, else 0). */
  readonly labels: Float32Array;
}

export interface TrainRankerOptions {
  kind: "mlp" | "linear";
  /** softmax: cross-entropy over each query's candidates; lambdarank: NDCG-weighted pairwise logistic loss. */
  loss: RankerLoss;
  /** Width of the first hidden layer (the second is half of it). */
  hidden: number;
  /** At most this many passes; training stops after `patience` passes without a better validation loss. */
  epochs: number;
  patience: number;
  /** Queries per step. */
  batch: number;
  learningRate: number;
  seed: number;
}

export interface TrainedRanker {
  layers: DenseLayer[];
  trainLoss: number[];
  valLoss: number[];
  bestEpoch: number;
}

/** The layer shapes of a ranker over F features. */
export function layerShapes(kind: "mlp" | "linear", F: number, hidden: number): { nIn: number; nOut: number }[] {
  if (kind === "linear") return [{ nIn: F, nOut: 1 }];
  const h2 = Math.max(1, Math.floor(hidden / 2));
  return [
    { nIn: F, nOut: hidden },
    { nIn: hidden, nOut: h2 },
    { nIn: h2, nOut: 1 },
  ];
}

/**
 * Trains the ranker on TensorFlow.js with a listwise loss (softmax cross-entropy over each query's candidates against
 * its label distribution) or a LambdaRank-style pairwise one (lambda-loss.ts); the validation loss is the same loss.
 * Seeded (initial weights, batch order), so one backend gives the same weights each run; keeps the weights of the
 * epoch with the lowest validation loss.
 */
export async function trainRanker(
  tf: Tf,
  rows: RankingRows,
  train: Int32Array,
  val: Int32Array,
  o: TrainRankerOptions,
  onLog?: (line: string) => void,
): Promise<TrainedRanker> {
  const random = seededRandom(o.seed);
  const shapes = layerShapes(o.kind, rows.F, o.hidden);
  const vars = shapes.flatMap(({ nIn, nOut }) => {
    const limit = Math.sqrt(6 / (nIn + nOut));
    const w = Float32Array.from({ length: nIn * nOut }, () => (2 * random() - 1) * limit);
    return [tf.variable(tf.tensor2d(w, [nIn, nOut])), tf.variable(tf.zeros([nOut]))];
  });
  const forward = (x: Tensor) => denseStack(tf, x, vars);
  const lossOf = (queries: Int32Array) => {
    const b = buildBatch(rows, queries);
    const x = tf.tensor2d(b.x, [queries.length * b.width, rows.F]);
    const logits = tf.reshape(forward(x), [queries.length, b.width]);
    if (o.loss === "lambdarank") {
      // the pairs' weights come from the current scores, read outside the gradient
      const inputs = lambdaInputs(logits.dataSync() as Float32Array, b.mask, b.y, queries.length, b.width);
      return lambdaLoss(tf, logits, inputs, queries.length, b.width);
    }
    const masked = tf.add(logits, tf.mul(tf.sub(tf.tensor2d(b.mask, [queries.length, b.width]), 1), 1e9));
    const logp = tf.logSoftmax(masked, 1);
    return tf.div(tf.neg(tf.sum(tf.mul(tf.tensor2d(b.y, [queries.length, b.width]), logp))), queries.length);
  };
  const optimizer = tf.train.adam(o.learningRate);
  const order = Int32Array.from(train);
  const trainLoss: number[] = [];
  const valLoss: number[] = [];
  let best = Infinity;
  let bestEpoch = -1;
  let bestWeights: Float32Array[] = [];
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, random);
    const starts = bucketed(order, rows.offsets, o.batch, random);
    let sum = 0;
    for (const at of starts) {
      const batch = order.subarray(at, Math.min(order.length, at + o.batch));
      const cost = optimizer.minimize(() => lossOf(batch) as never, true, vars as never);
      sum += (await cost!.data())[0] * batch.length;
      cost!.dispose();
    }
    trainLoss.push(sum / Math.max(1, order.length));
    let vsum = 0;
    for (let at = 0; at < val.length; at += 1024) {
      const batch = val.subarray(at, Math.min(val.length, at + 1024));
      const v = tf.tidy(() => lossOf(batch));
      vsum += (await v.data())[0] * batch.length;
      v.dispose();
    }
    valLoss.push(vsum / Math.max(1, val.length));
    onLog?.(
      `epoch ${epoch + 1}: train loss ${trainLoss[epoch].toFixed(4)}, validation loss ${valLoss[epoch].toFixed(4)}`,
    );
    if (valLoss[epoch] < best - 1e-6) {
      best = valLoss[epoch];
      bestEpoch = epoch;
      bestWeights = vars.map((v) => v.dataSync() as Float32Array).map((a) => Float32Array.from(a));
    } else if (epoch - bestEpoch >= o.patience) break;
  }
  optimizer.dispose();
  vars.forEach((v) => v.dispose());
  const layers = shapes.map(({ nIn, nOut }, l) => ({
    nIn,
    nOut,
    w: bestWeights[2 * l],
    b: bestWeights[2 * l + 1],
    relu: l < shapes.length - 1,
  }));
  return { layers, trainLoss, valLoss, bestEpoch: bestEpoch + 1 };
}

type Tensor = ReturnType<Tf["add"]>;

/** The network on TensorFlow.js: x [rows, F] through [W0, b0, W1, b1, ...] (ReLU between layers) to [rows, 1]. */
function denseStack(tf: Tf, x: Tensor, vars: readonly Tensor[]): Tensor {
  let h = x;
  const n = vars.length / 2;
  for (let l = 0; l < n; l++) {
    const z = tf.add(tf.matMul(h, vars[2 * l]), vars[2 * l + 1]);
    h = l < n - 1 ? tf.relu(z) : z;
  }
  return h;
}

/** Scores of normalised rows by the trained layers on TensorFlow.js: the forward pass training ran. */
export function tfScores(tf: Tf, layers: readonly DenseLayer[], x: Float32Array, F: number): Float32Array {
  return tf.tidy(() => {
    const vars = layers.flatMap((l) => [tf.tensor2d(l.w, [l.nIn, l.nOut]), tf.tensor1d(l.b)]);
    return denseStack(tf, tf.tensor2d(x, [x.length / F, F]), vars).dataSync() as Float32Array;
  });
}

/** Padded batch tensors' data: the queries' rows, a mask of real rows and the labels, `width` rows per query. */
export function buildBatch(rows: RankingRows, queries: ArrayLike<number>) {
  let width = 1;
  for (let b = 0; b < queries.length; b++)
    width = Math.max(width, rows.offsets[queries[b] + 1] - rows.offsets[queries[b]]);
  const F = rows.F;
  const x = new Float32Array(queries.length * width * F);
  const mask = new Float32Array(queries.length * width);
  const y = new Float32Array(queries.length * width);
  for (let b = 0; b < queries.length; b++) {
    const from = rows.offsets[queries[b]];
    const n = rows.offsets[queries[b] + 1] - from;
    x.set(rows.x.subarray(from * F, (from + n) * F), b * width * F);
    mask.fill(1, b * width, b * width + n);
    y.set(rows.labels.subarray(from, from + n), b * width);
  }
  return { x, mask, y, width };
}

/** Queries sorted by candidate count within each run of BUCKET batches (shuffled already): less padding per batch. */
const BUCKET = 8;

/**
 * Orders the (shuffled) queries by candidate count within each run of BUCKET batches, so that a batch's queries have
 * about as many candidates each and its padded tensor is mostly real rows; returns the batches' starts in a shuffled
 * order (seeded).
 */
function bucketed(order: Int32Array, offsets: Int32Array, batch: number, random: () => number): Int32Array {
  const size = (q: number) => offsets[q + 1] - offsets[q];
  for (let at = 0; at < order.length; at += batch * BUCKET) {
    const run = order.subarray(at, Math.min(order.length, at + batch * BUCKET));
    run.sort((a, b) => size(a) - size(b) || a - b);
  }
  const starts = Int32Array.from({ length: Math.ceil(order.length / batch) }, (_, b) => b * batch);
  shuffle(starts, random);
  return starts;
}

function shuffle(a: Int32Array, random: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
