import type { EventTable } from "../data/event-table.js";
import { yieldPoint } from "../data/yield-point.js";
import type { ExperimentConfig } from "../experiment/experiment-config.js";
import type { ExperimentTruth } from "./experiment.js";
import { priceDropSink, type PriceDropTruth } from "./price-drop-effect.js";
import { SIM_DEFAULTS, type SimConfig, type WidgetConfig } from "./sim-config.js";
import { ShopTable } from "./shop-table.js";
import { simulateUser, type ShopperSink } from "./shopper.js";
import { triggeredAlerts, type TriggeredMessageMoment } from "./triggered-alerts.js";
import { MESSAGE_WIDGETS, triggeredExperimentSink } from "./triggered-experiment.js";
import { buildWorld, type World } from "./world.js";

/**
 * Every user's timeline as the shop would log it without any experiment (with the drop effect's reactions when it is
 * on), as an event table: the first pass of a triggered experiment, whose moments depend on every user's events (a
 * drop is seen on the events of all of them). The timelines are drawn from per-user streams, so the second pass
 * replays them exactly.
 */
export async function organicShopTable(w: World): Promise<EventTable> {
  const c = w.config;
  const rows = new ShopTable(c.users, c.items, w.itemCategory);
  const drops = c.priceDropEffect !== undefined ? priceDropSink(w, c.priceDropEffect, rows.sink) : null;
  for (let u = 0; u < c.users; u++) {
    simulateUser(w, u, drops?.sink ?? rows.sink);
    drops?.endUser(u);
    if ((u & 1023) === 1023) await yieldPoint();
  }
  return rows.table();
}

/** The two passes of a triggered experiment's shop into `out`; the truth at the end. */
export async function runTriggeredShop(
  w: World,
  e: ExperimentConfig,
  widget: Partial<WidgetConfig> | undefined,
  out: ShopperSink,
  exposure: (line: string) => void,
  afterUser: (u: number) => Promise<void> = async () => {},
): Promise<{ truth: ExperimentTruth; dropTruth: PriceDropTruth | null }> {
  const c = w.config;
  const triggered = triggeredAlerts(await organicShopTable(w), e);
  const cfg = { ...MESSAGE_WIDGETS[e.moment as TriggeredMessageMoment], ...widget };
  const exp = triggeredExperimentSink(w, e, cfg, triggered, out, exposure);
  const drops = c.priceDropEffect !== undefined ? priceDropSink(w, c.priceDropEffect, exp.sink) : null;
  for (let u = 0; u < c.users; u++) {
    simulateUser(w, u, drops?.sink ?? exp.sink);
    drops?.endUser(u);
    exp.endUser(u);
    await afterUser(u);
  }
  return { truth: exp.finish(), dropTruth: drops?.truth(c.priceDropTiming ?? "random") ?? null };
}

/**
 * A triggered experiment's shop in memory: its event table (what ingesting the simulated file gives, messages
 * included) and the truth. For the tests and benches that read many small shops without files.
 */
export async function triggeredShopTable(
  settings: Partial<Omit<SimConfig, "widget">>,
  e: ExperimentConfig,
  widget?: Partial<WidgetConfig>,
): Promise<{ table: EventTable; truth: ExperimentTruth; exposures: string[] }> {
  const config: SimConfig = { ...SIM_DEFAULTS, ...settings, widget: null };
  const w = buildWorld(config);
  const rows = new ShopTable(config.users, config.items, w.itemCategory);
  const exposures: string[] = [];
  const { truth } = await runTriggeredShop(
    w,
    e,
    widget,
    rows.sink,
    (l) => exposures.push(l),
    async (u) => {
      if ((u & 1023) === 1023) await yieldPoint();
    },
  );
  return { table: rows.table(), truth, exposures };
}
