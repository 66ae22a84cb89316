import type { Command } from "commander";
import type { ReplayReport } from "../../pipeline/replay.js";
import {
  CASE_STUDY,
  MOMENT_KINDS,
  MOMENT_NAMES,
  RESPONSE_DEFAULTS,
  type AttributionWindow,
} from "../../pipeline/vocabulary.js";
import { formatMomentReplay } from "../replay-format.js";
import { UsageError } from "../../errors.js";
import { parseDuration, parseShare, parseWhole } from "../options.js";
import { parseTime } from "../parse-time-option.js";
import { createProgress } from "../progress.js";
import { fixed, int, pct, table } from "../format.js";
import type { CommandContext } from "../main.js";
import { SHARED, sharedValues } from "../shared-options.js";

export function registerReplay(program: Command, ctx: CommandContext): void {
  program
    .command("replay")
    .description(
      "replay history at a shop moment (empty-cart, add-to-cart, abandoned-cart): find its moments in a period, replay policies there, measure what users did next, and estimate the lift",
    )
    .argument("<moment>", `the moment: ${MOMENT_NAMES.join(", ")}`)
    .requiredOption("--data <dataset>", "dataset directory written by cartlift ingest")
    .option(
      "--policy <spec...>",
      "policies: model specs as in evaluate (history, covis, covis:0.5+history:0.5, a model file); the first is the baseline",
      ["history", "covis", "covis:0.5+history:0.5"],
    )
    .option(
      "--since <time>",
      "start of the replay period (default: the middle of the data); policies see only events before it",
    )
    .option("--k <n>", "items the widget shows", "6")
    .option("--ttl <duration>", "carts clear after this long without activity (default 24h; abandoned-cart 7d)")
    .option(
      "--ttl-from <when>",
      "last-activity (the whole cart, TTL after the last cart activity) or item-added (each item, TTL after it was added)",
      "last-activity",
    )
    .option("--window <list>", "attribution windows: session and/or durations", "session,24h,7d")
    .option("--max-history <n>", "history events before a moment given to a policy", "50")
    .option(
      "--engagement <share>",
      `assumed share of impressions with a click (default: empty-cart ${RESPONSE_DEFAULTS["empty-cart"].engagementRate}, the published case's; add-to-cart ${RESPONSE_DEFAULTS["add-to-cart"].engagementRate}; abandoned-cart ${RESPONSE_DEFAULTS["abandoned-cart"].engagementRate} per opened reminder)`,
    )
    .option("--click-to-order <share>", "assumed share of clicks that order (default: by moment, see docs/replay.md)")
    .option("--open-rate <share>", "abandoned-cart: assumed share of reminders opened", "0.4")
    .option("--delays <list>", "abandoned-cart: candidate reminder delays of the timing table", "30m,1h,4h,24h,72h")
    .addOption(SHARED.seed("the bootstrap"))
    .option("--bootstrap <n>", "bootstrap resamples", "1000")
    .addOption(SHARED.threads("training the policies"))
    .option(
      "--exposures <file>",
      "empty-cart: a logged widget's exposures (CSV: ts, user, item, propensity, click, order): adds off-policy estimates",
    )
    .option("--report <dir>", "write report.md, report.html and report.json to this directory")
    .option(
      "--by <dims>",
      "empty-cart: extra breakdowns: segment (lifecycle, intent and RFM group of the user at the moment)",
    )
    .addOption(SHARED.json("the report"))
    .addOption(SHARED.quiet())
    .action(async (moment: string, o) => {
      const kind = MOMENT_KINDS[moment as keyof typeof MOMENT_KINDS];
      const defaults = RESPONSE_DEFAULTS[moment] ?? CASE_STUDY;
      const progress = await createProgress(sharedValues(o));
      const { replayMoment } = await import("../../pipeline/replay-moment.js");
      const report = await replayMoment(moment, {
        reportDir: o.report,
        data: o.data,
        policies: o.policy,
        since: o.since === undefined ? undefined : parseTime(o.since, "--since"),
        k: parseWhole(o.k, "--k"),
        ttlMs: parseDuration(o.ttl ?? kind?.defaultTtl ?? "24h", "--ttl"),
        ttlFrom:
          o.ttlFrom === "item-added"
            ? "item-added"
            : o.ttlFrom === "last-activity"
              ? "last-activity"
              : badTtlFrom(o.ttlFrom),
        windows: String(o.window).split(",").map(parseWindow),
        maxHistory: parseWhole(o.maxHistory, "--max-history"),
        assumptions: {
          engagementRate:
            o.engagement === undefined ? defaults.engagementRate : parseShare(o.engagement, "--engagement"),
          clickToOrder:
            o.clickToOrder === undefined ? defaults.clickToOrder : parseShare(o.clickToOrder, "--click-to-order"),
          ...(moment === "abandoned-cart" ? { openRate: parseShare(o.openRate, "--open-rate") } : {}),
        },
        delaysMs: String(o.delays)
          .split(",")
          .map((d) => parseDuration(d.trim(), "--delays")),
        seed: sharedValues(o).seed!,
        resamples: parseWhole(o.bootstrap, "--bootstrap"),
        level: 0.95,
        threads: sharedValues(o).threads,
        exposures: o.exposures,
        by: o.by === undefined ? undefined : parseBy(o.by),
        onPhase: (label) => progress.phase(`replay: ${label}`),
      }).finally(() => progress.stop());
      ctx.print(
        o.json
          ? JSON.stringify(report, null, 2)
          : "moment" in report
            ? formatMomentReplay(report)
            : formatReplay(report),
      );
    });
}

function badTtlFrom(text: string): never {
  throw new UsageError(`--ttl-from is last-activity or item-added, got "${text}"`);
}

function parseWindow(text: string): AttributionWindow {
  const label = text.trim();
  if (label === "session") return { kind: "session", label };
  if (!label) throw new UsageError("--window: an empty window", "e.g. --window session,24h,7d");
  return { kind: "duration", ms: parseDuration(label, "--window"), label };
}

function formatReplay(r: ReplayReport): string {
  const m = r.moments;
  const f4 = (x: number) => fixed(x, 4);
  const out = [
    `Empty-cart moments ${r.since} .. ${r.until} (cart TTL ${r.cartTtlHours} h from the ${r.ttlFrom === "item-added" ? "item's add" : "last cart activity"}): ${int(m.moments)} moments of ${int(m.users)} users (${fixed(m.momentsPerUser, 2)} per user), ${int(m.expiredItems)} expired items worth ${fixed(m.expiredValue, 2)}`,
    `  logs: ${int(m.orphanRemoves)} removes and ${int(m.orphanPurchases)} purchases of items not in the cart; ${int(m.momentsBeforePeriod)} moments before the period`,
    `  period: ${int(r.period.orders)} orders, revenue ${fixed(r.period.revenue, 2)}`,
  ];
  if (m.moments > 0)
    out.push(
      "",
      table(
        Object.entries(m.outcomes).map(([w, o]) => [w, pct(o.expiredItemRate, 2), pct(o.anyRate, 2)]),
        ["window", "expired item carted or bought", "anything carted or bought"],
      ),
    );
  for (const w of r.warnings) out.push("", `warning: ${w}`);
  for (const w of Object.keys(m.outcomes)) {
    out.push(
      "",
      `Window ${w}: relevance, moments where the user carted or bought a shown item (95% interval; difference to ${r.policies[0].name})`,
    );
    out.push(
      table(
        r.policies.map((p) => {
          const h = p.hits[w];
          const diff = (x: typeof h.bought) =>
            x.vsBaseline ? ` ${x.vsBaseline.diff >= 0 ? "+" : ""}${fixed(x.vsBaseline.diff * 100, 2)} pp` : "";
          const l = p.lift[w];
          return [
            p.name,
            `${pct(h.cartedOrBought.rate, 2)} [${pct(h.cartedOrBought.low, 2)}, ${pct(h.cartedOrBought.high, 2)}]${diff(h.cartedOrBought)}`,
            `${pct(h.bought.rate, 2)}${diff(h.bought)}`,
            fixed(l.orders, 1),
            fixed(l.incrementalOrders, 1),
            fixed(l.incrementalRevenue, 2),
            pct(l.shareOfPeriodRevenue, 2),
          ];
        }),
        [
          "policy",
          "carted or bought",
          "bought",
          "orders (assumed response)",
          "incremental (assumed)",
          "incr. revenue (assumed)",
          "of period revenue",
        ],
      ),
    );
  }
  if (m.moments > 0) out.push("", `Validity: ${r.comparison.note}`, r.comparison.recommendation);
  out.push("", ...r.policies.map((p) => `${p.name}: ${p.source}`));
  if (r.exposures) {
    out.push(
      "",
      `Off-policy, from the ${int(r.exposures.views)} logged widget views of the period (${r.exposures.file}; ${int(r.exposures.viewsBeforePeriod)} earlier views left out: their outcomes lie in the policies' training window): expected clicks per view, 95% interval`,
    );
    const e = (x: { value: number; low: number; high: number }) => `${f4(x.value)} [${f4(x.low)}, ${f4(x.high)}]`;
    const range = (x: { low: number; high: number }) => `[${f4(x.low)}, ${f4(x.high)}]`;
    out.push(
      table(
        r.policies.map((p) => {
          const { clicks: c, verdict } = p.offPolicy!;
          const shown = verdict.shown
            ? [e(c.estimates.ips), e(c.estimates.snips), e(c.estimates.dr), e(c.liftOverLogging)]
            : ["withheld", "withheld", "withheld", "withheld"];
          return [p.name, e(c.logging), ...shown, range(c.bounds), pct(c.support, 0), pct(c.overlap, 1)];
        }),
        ["policy", "logging policy", "IPS", "SNIPS", "DR", "DR - logging", "bounds", "support", "overlap"],
      ),
    );
    for (const p of r.policies)
      if (!p.offPolicy!.verdict.shown) out.push(`  ${p.name}: estimates withheld: ${p.offPolicy!.verdict.reason}.`);
    out.push(
      "  bounds: at least the supported items' clicks (IPS), at most that plus every unsupported item at the highest logged item rate (an assumption). DM (the reward model alone) is in --json only: its interval leaves out the model's error.",
    );
  }
  out.push(
    "",
    `Orders and revenue assume ${pct(r.assumptions.engagementRate, 2)} of impressions clicked and ${pct(r.assumptions.clickToOrder, 0)} of clicks ordering (the published case's figures, not this shop's); --json has a sensitivity table per policy.`,
  );
  return out.join("\n");
}

function parseBy(text: string): string[] {
  const dims = text.split(",").map((d) => d.trim());
  for (const d of dims) if (d !== "segment") throw new UsageError(`--by: "${d}" is not a breakdown`, "--by segment");
  return dims;
}
