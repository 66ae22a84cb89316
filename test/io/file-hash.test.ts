import { describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { hashFileInThread } from "../../src/io/file-hash.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-file-hash-");

describe("hashFileInThread", () => {
  it("hashFileInThread(path).wait() is the file's sha256 (computed on another thread)", () => {
    const bytes = randomBytes(20 << 20);
    const file = tmp.file("data.bin", bytes);
    const pending = hashFileInThread(file);
    expect(pending.wait()).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  it("hashFileInThread(path, startMs 0) hashes on this thread when the other has not started: the same digest", () => {
    const file = tmp.file("small.bin", "abc");
    expect(hashFileInThread(file, 0).wait()).toBe(createHash("sha256").update("abc").digest("hex"));
  });

  it("hashFileInThread(missing file).wait() throws the file system's error", () => {
    expect(() => hashFileInThread(tmp.path("missing.bin")).wait()).toThrow(/ENOENT/);
  });
});
