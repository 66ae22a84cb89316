import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { sha256File, sha256FileInline } from "../../src/io/sha256-worker.js";
import { tempDir } from "../helpers.js";

describe("sha256File", () => {
  const tmp = tempDir();
  it("sha256File (worker thread) and sha256FileInline both equal node:crypto's digest and byte count", async () => {
    const content = Buffer.alloc(3 << 20, "cartlift,");
    const file = tmp.file("data.csv", content);
    const want = { sha256: createHash("sha256").update(content).digest("hex"), bytes: content.length };
    expect(await sha256File(file)).toEqual(want);
    expect(await sha256FileInline(file)).toEqual(want);
  });
});
