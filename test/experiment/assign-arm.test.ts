import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { assignArm, assignmentBucket } from "../../src/experiment/assign-arm.js";
import { assignArm as servingAssignArm } from "../../src/serving/index.js";

describe("assignArm", () => {
  it("assignmentBucket(id, salt) is floor(first 4 bytes of SHA-256(salt:id), big-endian, * 10000 / 2^32)", () => {
    // the documented recipe, written out independently
    for (const id of ["u1", "user-42", "ü-unicode", ""]) {
      const d = createHash("sha256").update(`exp-7:${id}`).digest();
      const u32 = ((d[0] << 24) >>> 0) + (d[1] << 16) + (d[2] << 8) + d[3];
      expect(assignmentBucket(id, "exp-7")).toBe(Math.floor((u32 * 10000) / 4294967296));
    }
  });

  it('assignArm("u1", {salt "s", 50/50}) picks arm by the cumulated split and is the one cartlift/serving exports', () => {
    const exp = { salt: "s", arms: ["control", "treatment"], split: [50, 50] };
    for (let i = 0; i < 200; i++) {
      const id = `u${i}`;
      const expected = assignmentBucket(id, "s") < 5000 ? "control" : "treatment";
      expect(assignArm(id, exp)).toBe(expected);
      expect(servingAssignArm(id, exp)).toBe(expected);
    }
    expect(assignArm("u1", { salt: "s", arms: ["a", "b"], split: { a: 50, b: 50 } })).toBe(
      assignArm("u1", exp).replace("control", "a").replace("treatment", "b"),
    );
  });

  it("assignArm over a million ids lands within 0.25 points of 20/30/50 (about 5 standard deviations), 200,000 of 50/50", () => {
    const two = { salt: "million", arms: ["control", "treatment"], split: [50, 50] };
    const three = { salt: "million-3", arms: ["control", "30m", "4h"], split: [20, 30, 50] };
    const c2 = new Map<string, number>();
    const c3 = new Map<string, number>();
    const n = 1_000_000;
    for (let i = 0; i < n; i++) {
      const b = assignArm(`user-${i}`, three);
      c3.set(b, (c3.get(b) ?? 0) + 1);
    }
    for (let i = 0; i < 200_000; i++) {
      const a = assignArm(`user-${i}`, two);
      c2.set(a, (c2.get(a) ?? 0) + 1);
    }
    expect(Math.abs(c2.get("control")! / 200_000 - 0.5)).toBeLessThan(0.0056);
    expect(Math.abs(c3.get("control")! / n - 0.2)).toBeLessThan(0.0025);
    expect(Math.abs(c3.get("30m")! / n - 0.3)).toBeLessThan(0.0025);
    expect(Math.abs(c3.get("4h")! / n - 0.5)).toBeLessThan(0.0025);
  }, 120_000);

  it("assignArm under two salts is independent: a quarter of ids fall in each pair of arms", () => {
    const a = { salt: "one", arms: ["x", "y"], split: [50, 50] };
    const b = { salt: "two", arms: ["x", "y"], split: [50, 50] };
    let both = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) if (assignArm(`u${i}`, a) === "x" && assignArm(`u${i}`, b) === "x") both++;
    expect(Math.abs(both / n - 0.25)).toBeLessThan(0.007);
  });

  it("assignArm throws a RangeError when the split does not sum to 100", () => {
    expect(() => assignArm("u1", { salt: "s", arms: ["a", "b"], split: [50, 40] })).toThrow(/sums to 90%/);
  });
});
