import type { ModelManifest } from "../artifact/format.js";
import { EVENT_KINDS, EventKind } from "../data/event-kind.js";
import { loadModel as loadSavedModel, loadModelBytes, type SavedModel } from "../models/model-reader.js";
import type { HistoryEvent } from "../models/recommender.js";

/** One event of a shopper's history, in the shop's own ids. */
export interface ServingHistoryEvent {
  /** The shop's item id; a number is read as its decimal text (1004 and "1004" are the same item). */
  item: string | number;
  /** view (default), cart_add, cart_remove, wishlist_add, wishlist_remove, purchase, return. */
  event?: string;
  /** Epoch ms (default: the request's `now`, or the latest time given). */
  ts?: number;
}

export interface ServingRequest {
  /** Oldest first. */
  history: readonly ServingHistoryEvent[];
  /** How many items to return (default DEFAULT_K, 10). */
  k?: number;
  /** Items never to show (out of stock, just bought...). */
  exclude?: readonly (string | number)[];
  /** Request time, epoch ms (default: the latest history time). */
  now?: number;
}

export interface ServingResult {
  items: string[];
  scores: number[];
  /** History items the model does not know (ignored). */
  unknownItems: number;
}

/** A model ready to serve: ids in, ids out. */
export interface ServingModel {
  readonly manifest: ModelManifest;
  /** Items the model knows. */
  readonly items: number;
  recommend(request: ServingRequest): ServingResult;
  /** Items most similar to one item; empty for an unknown item or a model without item-item lists. */
  similarItems(itemId: string | number, k?: number): { items: string[]; scores: number[] };
  /** Whether the model knows the item. */
  knows(itemId: string | number): boolean;
}

/** Loads a model file or an exported artifact (the same reader verifies both) for serving. */
export function loadModel(path: string): ServingModel {
  return new IdModel(loadSavedModel(path));
}

/** The same from bytes in memory (e.g. fetched from object storage); `name` appears in errors. */
export function loadModelFromBytes(bytes: Uint8Array, name = "model"): ServingModel {
  return new IdModel(loadModelBytes(bytes, name));
}

/** Maps ids to the model's item codes and back; the scoring itself is the model's own (the one evaluate uses). */
class IdModel implements ServingModel {
  readonly manifest: ModelManifest;
  readonly items: number;

  constructor(private readonly saved: SavedModel) {
    this.manifest = saved.manifest;
    this.items = saved.items.size;
  }

  recommend(request: ServingRequest): ServingResult {
    const { model, items } = this.saved;
    const given = request.history;
    const history: HistoryEvent[] = new Array(given.length);
    for (let x = 0; x < given.length; x++) {
      const e = given[x];
      if (typeof e !== "object" || e === null) throw new TypeError(`history[${x}] must be an object with an "item"`);
      history[x] = { item: this.code(e.item, `history[${x}].item`), kind: kindOf(e.event), ts: e.ts ?? NaN };
    }
    fillMissingTimes(history, request.now);
    let exclude: Set<number> | undefined;
    if (request.exclude?.length) {
      exclude = new Set();
      for (let x = 0; x < request.exclude.length; x++) {
        const c = this.code(request.exclude[x], `exclude[${x}]`);
        if (c >= 0) exclude.add(c);
      }
    }
    const r = model.recommend(history, { k: checkK(request.k, "k"), exclude, now: request.now });
    const ids = new Array<string>(r.items.length);
    for (let q = 0; q < ids.length; q++) ids[q] = items.get(r.items[q]);
    return { items: ids, scores: Array.from(r.scores), unknownItems: r.unknownItems };
  }

  private code(id: string | number, field: string): number {
    return this.saved.items.lookup(idText(id, field));
  }

  knows(itemId: string | number): boolean {
    return this.code(itemId, "itemId") >= 0;
  }

  similarItems(itemId: string | number, k?: number): { items: string[]; scores: number[] } {
    const code = this.code(itemId, "itemId");
    if (code < 0) return { items: [], scores: [] };
    const r = this.saved.model.similarItems(code, checkK(k, "k"));
    return { items: Array.from(r.items, (c) => this.saved.items.get(c)), scores: Array.from(r.scores) };
  }
}

/**
 * History events without a time (NaN) take the request's time, else the latest time given, else 0
 * (the one rule for ids through the loader and for batch query lines).
 */
export function fillMissingTimes(history: HistoryEvent[], now: number | undefined): void {
  let latest = -Infinity;
  for (let x = 0; x < history.length; x++) if (history[x].ts > latest) latest = history[x].ts;
  const fallback = now ?? (Number.isFinite(latest) ? latest : 0);
  for (let x = 0; x < history.length; x++) if (Number.isNaN(history[x].ts)) history[x].ts = fallback;
}

/** How many items recommend and similarItems return when no k is given. */
export const DEFAULT_K = 10;

/** An item id as the model stores it: strings as they are, finite numbers as their decimal text. */
function idText(id: unknown, field: string): string {
  if (typeof id === "string") return id;
  if (typeof id === "number" && Number.isFinite(id)) return String(id);
  throw new TypeError(`${field} must be a string or a number (an item id), got ${id === null ? "null" : typeof id}`);
}

function checkK(k: number | undefined, field: string): number {
  if (k === undefined) return DEFAULT_K;
  if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`${field} must be a whole number >= 0, got ${k}`);
  return k;
}

function kindOf(event: string | undefined): number {
  if (event === undefined || event === "view") return EventKind.view;
  const k = (EVENT_KINDS as readonly string[]).indexOf(event);
  return k >= 0 ? k : EventKind.view;
}
