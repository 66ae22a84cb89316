import { join } from "node:path";
import { UsageError } from "../errors.js";
import { SIM_DEFAULTS, WIDGET_DEFAULTS, type SimConfig, type WidgetConfig } from "../simulate/sim-config.js";
import { simulateUser, type ShopperSink, type SimEventName } from "../simulate/shopper.js";
import { simCartMomentRecord, type SimCartMoment } from "../simulate/cart-moment-record.js";
import { buildWorld } from "../simulate/world.js";
import { UserLedger } from "../simulate/user-ledger.js";
import { ingest } from "./ingest.js";
import { csvEventRows } from "../io/event-rows.js";
import { parquetEventRows } from "../io/event-rows-parquet.js";
import { StagedFiles } from "../io/staged-files.js";
import { checkDatasetOut } from "../io/output-folder.js";
import { asWriteError } from "../io/write-error.js";
import { LineWriter } from "../io/line-writer.js";
import { commitPoint, yieldPoint } from "../data/yield-point.js";
import { readExperiment } from "./experiment-file.js";
import { EXPERIMENT_WIDGET, experimentSink, type ExperimentTruth } from "../simulate/experiment.js";
import type { ExperimentConfig } from "../experiment/experiment-config.js";
import { priceDropSink, type PriceDropTruth } from "../simulate/price-drop-effect.js";
import { TRIGGERED_MESSAGE_MOMENTS } from "../simulate/triggered-alerts.js";
import { runTriggeredShop } from "../simulate/triggered-shop.js";

/** The moments whose experiments the simulator can run (its shopper shows the widget there). */
const SIMULATED_TRIGGERS = ["empty-cart", "add-to-cart", "any", ...TRIGGERED_MESSAGE_MOMENTS] as const;
const isMessageMoment = (m: string) => (TRIGGERED_MESSAGE_MOMENTS as readonly string[]).includes(m);

export interface SimulateOptions {
  /** A .csv or .parquet file to write, or a directory to write a cartlift dataset into. */
  out: string;
  /** A dataset's name for its events file in the manifest (default: the file's path), e.g. from the run folder. */
  sourceName?: string;
  /** The event file's format (default: from the --out extension; csv for a dataset). */
  format?: "csv" | "parquet";
  config: Partial<Omit<SimConfig, "widget">>;
  /** Show the empty-cart widget, with these settings over the defaults. */
  widget?: Partial<WidgetConfig>;
  /** Run an experiment file (exp.json): the widget shown only to its treatment arms, its true effect written. */
  experiment?: { file: string; widget?: Partial<WidgetConfig> };
  onProgress?: (users: number, total: number) => void;
}

export interface SimulateReport {
  out: string;
  /** The events CSV and its sidecars (world.json, users.csv, moments.jsonl, exposures.csv). */
  files: Record<string, string>;
  seed: number;
  users: number;
  items: number;
  days: number;
  events: number;
  eventsByType: Record<SimEventName, number>;
  sessions: number;
  moments: number;
  exposures: number;
  /** The simulator's add-to-cart and abandoned-cart moments (in <events>.cart-moments.jsonl; not with --experiment). */
  cartMoments?: Record<SimCartMoment["moment"], number>;
  /** With --experiment: the known true effect (also in <events>.experiment-truth.json). */
  experiment?: ExperimentTruth;
  /** With --drop-effect: the known effect of the price drops (also in <events>.price-drop-truth.json). */
  priceDrop?: PriceDropTruth;
  seconds: number;
}

/**
 * `cartlift simulate`: a synthetic shop whose truth is known, written as CSV or Parquet that ingests with no options.
 */
export async function simulate(o: SimulateOptions): Promise<SimulateReport> {
  const started = performance.now();
  const config: SimConfig = {
    ...SIM_DEFAULTS,
    ...o.config,
    widget: o.widget ? { ...WIDGET_DEFAULTS, ...o.widget } : null,
  };
  validate(config);
  const exp = o.experiment ? readExperiment(o.experiment.file) : null;
  if (exp && !(SIMULATED_TRIGGERS as readonly string[]).includes(exp.moment))
    throw new UsageError(
      `${o.experiment!.file}: simulate --experiment runs ${SIMULATED_TRIGGERS.join(", ")} experiments, not "${exp.moment}"`,
    );
  const toDataset = !/\.(csv|parquet)$/i.test(o.out);
  const format = o.format ?? (/\.parquet$/i.test(o.out) ? "parquet" : "csv");
  if (!toDataset && !o.out.toLowerCase().endsWith(`.${format}`))
    throw new UsageError(
      `--out ${o.out} does not end in .${format}`,
      "give --out a matching extension, or a folder for a dataset",
    );
  // a folder that ingest would refuse is refused before the raw files beside it are written
  if (toDataset) checkDatasetOut(o.out, false);
  // the raw files sit next to the dataset: ingest wants its folder to itself
  const csv = toDataset ? datasetSourceFile(o.out, format) : o.out;
  const base = csv.replace(/\.(csv|parquet)$/i, "");
  const files: Record<string, string> = { events: csv, world: `${base}.world.json`, users: `${base}.users.csv` };
  if (config.widget) Object.assign(files, { moments: `${base}.moments.jsonl`, exposures: `${base}.exposures.csv` });
  // the simulator's own add-to-cart and abandoned-cart moments (not with --experiment: its widget adds events)
  if (!exp) files.cartMoments = `${base}.cart-moments.jsonl`;
  if (config.priceDropEffect !== undefined) files.priceDropTruth = `${base}.price-drop-truth.json`;
  if (exp)
    Object.assign(files, {
      experimentExposures: `${base}.experiment-exposures.csv`,
      experimentTruth: `${base}.experiment-truth.json`,
    });
  const counts: ShopCounts = {
    events: 0,
    sessions: 0,
    moments: 0,
    exposures: 0,
    cartMoments: { "add-to-cart": 0, "abandoned-cart": 0 },
    byType: { view: 0, cart_add: 0, cart_remove: 0, wishlist_add: 0, purchase: 0 } as Record<SimEventName, number>,
  };
  // every file is written beside its name and renamed at the end: an interrupted or failed run leaves the previous
  // files as they were
  let truth: ExperimentTruth | null;
  let dropTruth: PriceDropTruth | null;
  const staged = new StagedFiles(files);
  const temps = staged.temps;
  try {
    staged.writeText("world", JSON.stringify(config, null, 2) + "\n");
    ({ truth, dropTruth } = await writeShop(
      config,
      format,
      temps,
      counts,
      o.onProgress,
      exp && { exp, widget: o.experiment!.widget },
    ));
    if (truth) staged.writeText("experimentTruth", JSON.stringify(truth, null, 2) + "\n");
    if (dropTruth) staged.writeText("priceDropTruth", JSON.stringify(dropTruth, null, 2) + "\n");
    await commitPoint();
    staged.commit();
  } catch (e) {
    throw asWriteError(e, csv, "the simulated shop");
  } finally {
    staged.discard();
  }
  if (toDataset)
    await ingest({ inputs: [csv], out: o.out, sourceNames: o.sourceName === undefined ? undefined : [o.sourceName] });
  return {
    out: o.out,
    files,
    seed: config.seed,
    users: config.users,
    items: config.items,
    days: config.days,
    events: counts.events,
    eventsByType: counts.byType,
    sessions: counts.sessions,
    moments: counts.moments,
    exposures: counts.exposures,
    ...(exp ? {} : { cartMoments: counts.cartMoments }),
    ...(truth ? { experiment: truth } : {}),
    ...(dropTruth ? { priceDrop: dropTruth } : {}),
    seconds: Math.round(performance.now() - started) / 1000,
  };
}

interface ShopCounts {
  events: number;
  sessions: number;
  moments: number;
  exposures: number;
  cartMoments: Record<SimCartMoment["moment"], number>;
  byType: Record<SimEventName, number>;
}

/** The shop's events (and the widget's moments and exposures) into the files at `paths`. */
async function writeShop(
  config: SimConfig,
  format: string,
  paths: Record<string, string>,
  counts: ShopCounts,
  onProgress?: (done: number, total: number) => void,
  experiment?: { exp: ExperimentConfig; widget?: Partial<WidgetConfig> } | null,
): Promise<{ truth: ExperimentTruth | null; dropTruth: PriceDropTruth | null }> {
  const world = buildWorld(config);
  const out = format === "parquet" ? await parquetEventRows(paths.events) : csvEventRows(paths.events);
  const users = new LineWriter(paths.users);
  const ledger = new UserLedger(users);
  const moments = config.widget ? new LineWriter(paths.moments) : null;
  const cartMoments = paths.cartMoments ? new LineWriter(paths.cartMoments) : null;
  const exposures = config.widget
    ? new LineWriter(paths.exposures, "ts,user,session,widget,item,position,propensity,click,order")
    : null;
  const iso = (ts: number) => new Date(Math.round(ts)).toISOString(); // moments and exposures are few
  let lastSession = -1;
  const sink: ShopperSink = {
    event(ts, user, session, event, item, price, order) {
      out.row(ts, user, session, event, item, world.itemCategory[item], price, order);
      ledger.event(ts, session, event, item, order);
      counts.events++;
      counts.byType[event]++;
      if (session !== lastSession) counts.sessions++;
      lastSession = session;
    },
    moment(m) {
      counts.moments++;
      moments?.line(
        JSON.stringify({
          id: `u${m.user}@${iso(m.ts)}`,
          user: `u${m.user}`,
          userIndex: m.user,
          session: `u${m.user}-${m.session}`,
          ts: Math.round(m.ts),
          expired: m.expired.map((i) => `i${i}`),
          candidates: m.candidates.map((i) => `i${i}`),
          history: m.history.map((h) => ({ item: `i${h.item}`, event: h.event, ts: Math.round(h.ts) })),
        }),
      );
    },
    cartMoment(m) {
      counts.cartMoments[m.moment]++;
      cartMoments?.line(JSON.stringify(simCartMomentRecord(m)));
    },
    exposure(e) {
      counts.exposures++;
      exposures?.line(
        `${iso(e.ts)},u${e.user},u${e.user}-${e.session},empty_cart,i${e.item},${e.position},${e.propensity.toFixed(6)},${e.click ? 1 : 0},${e.order ? 1 : 0}`,
      );
    },
  };
  const expExposures = experiment
    ? new LineWriter(paths.experimentExposures, "ts,user,arm,item,position,click,order")
    : null;
  const afterUser = async (u: number) => {
    await expExposures?.flushIfFull();
    ledger.endUser(u);
    await out.flushIfFull();
    await users.flushIfFull();
    await moments?.flushIfFull();
    await cartMoments?.flushIfFull();
    await exposures?.flushIfFull();
    await yieldPoint();
    if ((u & 1023) === 1023) onProgress?.(u + 1, config.users);
    lastSession = -1;
  };
  // price-drop and abandoned-cart experiments: a message at each moment the read will detect (two passes)
  const messages =
    experiment && isMessageMoment(experiment.exp.moment)
      ? await runTriggeredShop(world, experiment.exp, experiment.widget, sink, (l) => expExposures!.line(l), afterUser)
      : null;
  const expSim =
    experiment && !messages
      ? experimentSink(world, experiment.exp, { ...EXPERIMENT_WIDGET, ...experiment.widget }, sink, (l) =>
          expExposures!.line(l),
        )
      : null;
  const dropSim =
    config.priceDropEffect !== undefined && !messages
      ? priceDropSink(world, config.priceDropEffect, expSim?.sink ?? sink)
      : null;
  for (let u = 0; u < (messages ? 0 : config.users); u++) {
    simulateUser(world, u, dropSim?.sink ?? expSim?.sink ?? sink);
    dropSim?.endUser(u);
    await afterUser(u);
  }
  await Promise.all([
    out.close(),
    moments?.close(),
    cartMoments?.close(),
    exposures?.close(),
    expExposures?.close(),
    users.close(),
  ]);
  return {
    truth: messages?.truth ?? expSim?.finish() ?? null,
    dropTruth: messages ? messages.dropTruth : (dropSim?.truth(config.priceDropTiming ?? "random") ?? null),
  };
}

function validate(c: SimConfig): void {
  for (const [key, v] of [
    ["users", c.users],
    ["items", c.items],
    ["days", c.days],
  ] as const)
    if (!(Number.isInteger(v) && v >= 1))
      throw new UsageError(`--${key} must be a whole number of at least 1, got ${v}`);
  if (c.items < 2) throw new UsageError("--items must be at least 2");
  if (c.widget && !(Number.isInteger(c.widget.k) && c.widget.k >= 1))
    throw new UsageError(`the widget's k must be a whole number of at least 1, got ${c.widget.k}`);
}

/** Where a simulated dataset's raw event file sits: beside the dataset folder (ingest wants its folder to itself). */
export function datasetSourceFile(out: string, format: "csv" | "parquet" = "csv"): string {
  return join(`${out.replace(/\/+$/, "")}-source`, `events.${format}`);
}
