import { InputError, UsageError } from "../errors.js";
import { jsonLines } from "../io/json-lines.js";
import { pathExists } from "../io/file-kind.js";
import { readTextFile } from "../io/read-text-file.js";
import { LineWriter } from "../io/line-writer.js";
import { StagedFiles } from "../io/staged-files.js";
import { SIM_DEFAULTS, WIDGET_DEFAULTS, type SimConfig } from "../simulate/sim-config.js";
import { loggingTruth, slateTruth } from "../simulate/truth.js";
import { momentContext } from "../simulate/widget.js";
import { recordedMomentSlate, simulatedItemCode as itemCode } from "../simulate/model-slate.js";
import { buildWorld } from "../simulate/world.js";
import { loadModel } from "../serving/serving-model.js";

/** Built-in widget policies; anything else is read as a model file. */
export const TRUTH_POLICIES = ["logging", "random", "expired", "popular"] as const;

export interface TruthOptions {
  /** The simulation's world file (`<events>.world.json`); its moments file sits next to it. */
  world: string;
  policy: string;
  /** Slate size (default: the simulation's widget k). */
  k?: number;
  /** Also write each moment's expected clicks and orders here (JSON lines {id, clicks, orders}). */
  out?: string;
}

export interface TruthReport {
  world: string;
  policy: string;
  k: number;
  moments: number;
  /** True expected clicks and orders per moment, and in total. */
  expectedClicksPerMoment: number;
  expectedOrdersPerMoment: number;
  expectedClicks: number;
  expectedOrders: number;
}

/**
 * `cartlift simulate truth`: what a widget policy would truly earn at the simulation's empty-cart
 * moments. The world is rebuilt from its config; each moment's expected clicks are the summed true
 * click chances of the items the policy shows (the logging policy: weighted by its propensities).
 */
export async function simulateTruth(o: TruthOptions): Promise<TruthReport> {
  const config = readWorldConfig(o.world);
  const widget = { ...WIDGET_DEFAULTS, ...config.widget };
  const k = o.k ?? widget.k;
  if (!(Number.isInteger(k) && k >= 1)) throw new UsageError(`--k must be a whole number of at least 1, got ${k}`);
  const momentsFile = o.world.replace(/\.world\.json$/, ".moments.jsonl");
  if (!pathExists(momentsFile))
    throw new InputError("no_moments", `${momentsFile}: no moments file next to the world file`, {
      file: momentsFile,
      hint: "simulate with --widget to record the empty-cart moments",
    });
  const world = buildWorld(config);
  const model = (TRUTH_POLICIES as readonly string[]).includes(o.policy) ? null : loadModel(o.policy);
  let moments = 0,
    clicks = 0,
    orders = 0;
  // written beside --out and renamed when complete
  const staged = o.out ? new StagedFiles({ perMoment: o.out }) : null;
  const perMoment = staged && new LineWriter(staged.temps.perMoment);
  try {
    for await (const { line, value: m } of jsonLines(momentsFile)) {
      const user = Number(m.userIndex);
      const candidates = codes(m.candidates, momentsFile, line);
      const history = (m.history as { item: string; event: string; ts: number }[]) ?? [];
      // the click model's context: what expired, and what the user saw (reminder and novelty worlds)
      const ctx = momentContext(
        codes(m.expired ?? [], momentsFile, line, "expired"),
        history.map((h) => ({ item: itemCode(h.item) })),
      );
      let outcome: { clicks: number; orders: number };
      if (o.policy === "logging") outcome = loggingTruth(world, widget, { user, candidates, context: ctx });
      else if (o.policy === "random")
        outcome = scaled(
          slateTruth(world, widget, user, candidates, ctx),
          candidates.length ? Math.min(k, candidates.length) / candidates.length : 0,
        );
      else if (o.policy === "expired") outcome = slateTruth(world, widget, user, candidates.slice(0, k), ctx);
      else if (o.policy === "popular")
        outcome = slateTruth(
          world,
          widget,
          user,
          [...candidates].sort((a, b) => world.popularity[b] - world.popularity[a] || a - b).slice(0, k),
          ctx,
        );
      else
        outcome = slateTruth(
          world,
          widget,
          user,
          recordedMomentSlate(model!, { ts: Number(m.ts), history }, k, config.items),
          ctx,
        );
      moments++;
      clicks += outcome.clicks;
      orders += outcome.orders;
      if (perMoment) {
        perMoment.line(JSON.stringify({ id: m.id, clicks: outcome.clicks, orders: outcome.orders }));
        await perMoment.flushIfFull();
      }
    }
    if (perMoment) await perMoment.close();
    staged?.commit();
  } finally {
    staged?.discard();
  }
  return {
    world: o.world,
    policy: o.policy,
    k,
    moments,
    expectedClicksPerMoment: moments ? clicks / moments : 0,
    expectedOrdersPerMoment: moments ? orders / moments : 0,
    expectedClicks: clicks,
    expectedOrders: orders,
  };
}

export function readWorldConfig(path: string): SimConfig {
  if (!pathExists(path))
    throw new InputError("file_not_found", `${path}: no such world file`, {
      file: path,
      hint: "cartlift simulate writes <events>.world.json next to the events",
    });
  try {
    return { ...SIM_DEFAULTS, ...JSON.parse(readTextFile(path, "world file", 1 << 20)) };
  } catch (e) {
    throw new InputError("bad_world", `${path}: not a readable world file (${(e as Error).message})`, { file: path });
  }
}

function scaled(o: { clicks: number; orders: number }, f: number) {
  return { clicks: o.clicks * f, orders: o.orders * f };
}

function codes(ids: unknown, file: string, line: number, field = "candidates"): number[] {
  if (!Array.isArray(ids)) throw new InputError("bad_moments", `${file}:${line}: "${field}" must be a list`, { file });
  return ids.map((id) => itemCode(String(id)));
}
