import { describe, expect, it } from "vitest";
import { parseExperiment } from "../../src/experiment/experiment-config.js";

const good = {
  name: "w",
  salt: "s",
  arms: ["control", "treatment"],
  split: [50, 50],
  moment: "empty-cart",
  start: "2024-01-15T00:00:00Z",
  end: "2024-01-29T00:00:00Z",
  metric: "conversion",
};

describe("parseExperiment", () => {
  it("parseExperiment(exp.json) returns epoch ms, the split per arm and the first arm as control", () => {
    const e = parseExperiment(good, "exp.json");
    expect(e).toMatchObject({ arms: ["control", "treatment"], split: [50, 50], control: "control", usersPerArm: null });
    expect(e.start).toBe(Date.parse("2024-01-15T00:00:00Z"));
    expect(parseExperiment({ ...good, split: { treatment: 30, control: 70 } }, "exp.json").split).toEqual([70, 30]);
  });

  it.each([
    [{ split: { control: 50, treatmnet: 50 } }, /"split" names unknown arm\(s\) "treatmnet"/],
    [{ control: "holdout" }, /"control" names "holdout", which is not an arm/],
    [{ split: [50, 40] }, /"split" sums to 90%, not 100%/],
    [{ split: [50, 30, 20] }, /"split" has 3 values for 2 arms/],
    [{ end: "2024-01-01T00:00:00Z" }, /"end" \(2024-01-01T00:00:00Z\) must come after "start"/],
    [{ start: "next monday" }, /"start" is not an ISO 8601 time/],
    [{ arms: ["control"] }, /"arms" must list at least two arm names/],
    [{ metric: "clicks" }, /"metric" is "clicks"; one of conversion/],
    [{ moment: "checkout" }, /"moment" is "checkout"/],
    [{ salt: "" }, /"salt" must be a non-empty string/],
    [{ colour: "red" }, /"colour" is not a field/],
  ])("parseExperiment rejects %j naming the field (exit 2)", (patch, message) => {
    let err: unknown;
    try {
      parseExperiment({ ...good, ...patch }, "exp.json");
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toMatch(/^exp\.json: /);
    expect((err as { exitCode: number }).exitCode).toBe(2);
  });
});
