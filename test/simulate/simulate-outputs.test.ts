import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simulate } from "../../src/pipeline/simulate.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-simulate-outputs-");

describe("simulate outputs", () => {
  it("simulate(out: a web app's folder) refuses it before writing the raw files beside it", async () => {
    const out = tmp.path("webapp");
    mkdirSync(out);
    writeFileSync(join(out, "manifest.json"), '{"name": "my web app", "icons": []}\n');
    await expect(simulate({ out, config: { users: 200, items: 50, days: 7, seed: 1 } })).rejects.toMatchObject({
      code: "foreign_out",
      exitCode: 2,
    });
    expect(existsSync(`${out}-source`)).toBe(false);
    expect(readdirSync(out)).toEqual(["manifest.json"]);
    expect(readFileSync(join(out, "manifest.json"), "utf8")).toBe('{"name": "my web app", "icons": []}\n');
  });

  it("simulate(out: an earlier simulated dataset) replaces it", async () => {
    const out = tmp.path("shop");
    await simulate({ out, config: { users: 200, items: 50, days: 7, seed: 1 } });
    const r = await simulate({ out, config: { users: 300, items: 50, days: 7, seed: 2 } });
    expect(r.users).toBe(300);
  });
});
