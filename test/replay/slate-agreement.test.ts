import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { simulate, type SimulateReport } from "../../src/pipeline/simulate.js";
import { train } from "../../src/pipeline/train.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { buildModel } from "../../src/evaluation/build-model.js";
import { parseModelSpec } from "../../src/pipeline/model-spec.js";
import { emptyCartMoments } from "../../src/moments/empty-cart-moments.js";
import { policySlate } from "../../src/replay/policy-slate.js";
import { recordedMomentSlate, type RecordedMoment } from "../../src/simulate/model-slate.js";
import { loadModel } from "../../src/serving/serving-model.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir();
const data = tmp.path("shop");
let report: SimulateReport;
const since = Date.parse("2024-01-08T00:00:00Z");

beforeAll(async () => {
  // many moments, and long histories (sessions of up to dozens of events) before them
  report = await simulate({
    out: data,
    config: { users: 6000, items: 1500, seed: 5, cartRate: 0.05, buyCartedRate: 0.2, cartReturnRate: 0.9 },
    widget: { policy: "random" },
  });
}, 60_000);

describe("the replay's slate and the truth tool's slate", () => {
  it.each(["history", "covis"])(
    "policySlate(%s) at each dataset moment equals recordedMomentSlate of the same model file at the recorded moment",
    async (kind) => {
      const file = tmp.path(`${kind}.model`);
      await train({ kind, data, out: file, until: since });
      const { table: t } = readDataset(data);
      const { model } = await buildModel(parseModelSpec(file), t, since);
      const served = loadModel(file);
      const recorded = new Map<string, RecordedMoment & { history: unknown[] }>();
      for (const line of readFileSync(report.files.moments!, "utf8").trim().split("\n")) {
        const m = JSON.parse(line);
        recorded.set(m.id, m);
      }
      let compared = 0,
        longHistories = 0;
      for (const m of emptyCartMoments(t, 86_400_000).moments) {
        const id = `${t.dicts.user.get(m.user)}@${new Date(t.ts[m.event]).toISOString()}`;
        const r = recorded.get(id)!;
        const replay = Array.from(policySlate(model, t, { user: m.user, event: m.event, now: t.ts[m.event] }, 6, 50));
        const truth = recordedMomentSlate(served, r, 6, 1500);
        expect(replay.map((i) => t.dicts.item.get(i))).toEqual(truth.map((i) => `i${i}`));
        compared++;
        if (r.history.length > 20) longHistories++;
      }
      expect(compared).toBeGreaterThan(300);
      // the moments file once kept 20 events against replay's 50: histories longer than 20 are what this checks
      expect(longHistories).toBeGreaterThan(20);
    },
    60_000,
  );
});
