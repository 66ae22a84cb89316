import type { EventTable } from "../data/event-table.js";
import { UsageError } from "../errors.js";
import { loadModel } from "../models/model-reader.js";
import { fitModel } from "../models/registry.js";
import type { Recommender } from "../models/recommender.js";
import type { ModelSpec } from "../models/spec.js";
import { alignItems, RemappedModel } from "./remapped-model.js";

/**
 * The recommender a spec names, seeing only events before `cut`: trained here on them, or loaded from
 * a model file whose `--until` is at or before the cut (a later one has seen the future: refused).
 * `run` says how training ran where that depends on the machine (item2vec's tensor backend).
 */
export async function buildModel(
  spec: ModelSpec,
  t: EventTable,
  cut: number,
  threads?: number,
): Promise<{ model: Recommender; run?: Record<string, unknown> }> {
  if ("recipe" in spec) {
    const { model, run } = await fitModel(spec.recipe, t, { until: cut, threads });
    return { model, run };
  }
  const { model, items, manifest } = loadModel(spec.file);
  const until = Date.parse(String(manifest.data?.until ?? ""));
  if (!(until <= cut))
    throw new UsageError(
      `${spec.file} was trained on events up to ${manifest.data?.until ?? "the end"}, after the cut ${new Date(cut).toISOString()}: it has seen the test part`,
      "train it with --until at or before the cut",
    );
  const map = alignItems(items, t.dicts.item);
  return { model: map.identical ? model : new RemappedModel(model, map) };
}
