import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/pipeline/ingest.js";
import { segment } from "../../src/pipeline/segment.js";
import { LIFECYCLE_STAGES } from "../../src/segments/segment-names.js";
import { parseCsv, REPO, SHARED_DATASETS, tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-segments-samples-");
const SHIPPED = join(REPO, "datasets");

// ../shared/datasets/uci-online-retail holds the same bytes as the shipped UCI sample (same sha256), so it runs once
const SAMPLES: [string, string, string][] = [
  ["shipped REES46", "rees46", join(SHIPPED, "rees46-oct2019-sample", "rees46-sample.csv")],
  ["shipped OTTO", "otto", join(SHIPPED, "otto-20-sessions", "train_first20.jsonl")],
  ["shipped UCI Online Retail", "uci-retail", join(SHIPPED, "uci-online-retail", "retail_session.parquet.snappy")],
  [
    "shared REES46 multi-category",
    "rees46",
    join(SHARED_DATASETS, "rees46-multicat-oct2019-head", "2019-Oct_head.csv"),
  ],
  ["shared Taobao", "taobao", join(SHARED_DATASETS, "taobao-userbehavior-slice", "UserBehavior_slice.csv")],
  ["shared OTTO", "otto", join(SHARED_DATASETS, "otto-20-sessions", "train_first20.jsonl")],
];

describe("real samples", () => {
  for (const [name, preset, file] of SAMPLES)
    it.skipIf(!existsSync(file))(
      `segment(${name}) gives every user exactly one lifecycle stage, and the counts reconcile`,
      async () => {
        const data = tmp.path(name.replace(/ /g, "-"));
        const ingested = await ingest({ inputs: [file], preset, out: data });
        const out = `${data}.segments.csv`;
        const r = await segment({ data, out });
        const users = ingested.dataset.users;
        expect(r.users).toBe(users);
        const point = r.points[0];
        expect(point.users).toBe(users); // at the end of the data every user has an event before it
        const stages = point.segments.filter((s) => s.family === "lifecycle");
        expect(stages.reduce((a, s) => a + s.users, 0)).toBe(users);
        const rows = parseCsv(readFileSync(out, "utf8"))
          .slice(1)
          .filter((row) => row.length > 1);
        expect(rows.length).toBe(users);
        expect(new Set(rows.map((row) => row[0])).size).toBe(users);
        for (const row of rows) expect(LIFECYCLE_STAGES).toContain(row[2]);
        // buyers and only buyers have RFM scores
        const buyers = stages.filter((s) => s.segment.endsWith("buyer")).reduce((a, s) => a + s.users, 0);
        expect(rows.filter((row) => row[4] !== "").length).toBe(buyers);
      },
      60_000,
    );
});
