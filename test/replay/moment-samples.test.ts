import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EventKind } from "../../src/data/event-kind.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { ingest } from "../../src/pipeline/ingest.js";
import { replayMoment } from "../../src/pipeline/replay-moment.js";
import type { ReplayOptions } from "../../src/pipeline/replay-options.js";
import type { AbandonedCartReport, AddToCartReport } from "../../src/replay/moment-report.js";
import type { ReplayReport } from "../../src/replay/replay-report.js";
import { REPO, SHARED_DATASETS, tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-moment-samples-");
const SAMPLES: [string, string, string][] = [
  ["shipped REES46", "rees46", join(REPO, "datasets", "rees46-oct2019-sample", "rees46-sample.csv")],
  [
    "shared REES46 multi-category",
    "rees46",
    join(SHARED_DATASETS, "rees46-multicat-oct2019-head", "2019-Oct_head.csv"),
  ],
  ["shared Taobao", "taobao", join(SHARED_DATASETS, "taobao-userbehavior-slice", "UserBehavior_slice.csv")],
  ["shared OTTO", "otto", join(SHARED_DATASETS, "otto-20-sessions", "train_first20.jsonl")],
];

const options = (data: string): ReplayOptions => ({
  data,
  policies: ["history", "covis"],
  k: 6,
  ttlMs: 86_400_000,
  windows: [
    { kind: "session", label: "session" },
    { kind: "duration", ms: 86_400_000, label: "24h" },
  ],
  maxHistory: 50,
  assumptions: { engagementRate: 0.03, clickToOrder: 0.2, openRate: 0.4 },
  seed: 1,
  resamples: 50,
  level: 0.95,
  threads: 1,
});

describe("the three moments on real samples", () => {
  for (const [name, preset, file] of SAMPLES)
    it.skipIf(!existsSync(file))(
      `replayMoment(each moment, ${name}) runs and its counts reconcile`,
      async () => {
        const data = tmp.path(name.replace(/ /g, "-"));
        await ingest({ inputs: [file], preset, out: data });
        const { table: t } = readDataset(data);
        let adds = 0;
        for (let i = 0; i < t.length; i++) if (t.kind[i] === EventKind.cart_add) adds++;
        const empty = (await replayMoment("empty-cart", options(data))) as ReplayReport;
        const atc = (await replayMoment("add-to-cart", options(data))) as AddToCartReport;
        const ab = (await replayMoment("abandoned-cart", options(data))) as AbandonedCartReport;
        for (const r of [empty, atc, ab]) {
          expect(r.moments.moments).toBeCloseTo(r.moments.users * r.moments.momentsPerUser, 6);
          expect(r.policies.length).toBe(r.moments.moments > 0 ? 2 : 0);
        }
        // every cart_add is an add-to-cart moment, in the period or before it
        expect(atc.moments.moments + atc.moments.momentsBeforePeriod).toBe(adds);
        expect(atc.moments.cartsCreated).toBeLessThanOrEqual(atc.moments.moments);
        // an abandonment needs a cart: no more abandoned carts than carts, no more abandonments than adds
        expect(ab.moments.moments + ab.moments.momentsBeforePeriod).toBeLessThanOrEqual(adds);
        expect(ab.moments.cartsAbandoned).toBeLessThanOrEqual(ab.moments.cartsCreated);
        expect(Object.values(ab.moments.byLifecycle).reduce((s, l) => s + l.moments, 0)).toBe(ab.moments.moments);
        // the same log's removes and purchases of items not in the cart, whichever moment rebuilt the carts
        expect(atc.moments.orphanPurchases).toBe(ab.moments.orphanPurchases);
        expect(atc.moments.orphanRemoves).toBe(ab.moments.orphanRemoves);
        expect(empty.moments.orphanPurchases).toBe(atc.moments.orphanPurchases);
      },
      120_000,
    );
});
