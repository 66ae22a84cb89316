import { afterEach, describe, expect, it } from "vitest";
import { createProgress } from "../../src/cli/progress.js";

/** A stream that claims to be a terminal and keeps what is written to it. */
function fakeTerminal() {
  const written: string[] = [];
  const stream = {
    isTTY: true,
    columns: 80,
    write: (s: string) => (written.push(s), true),
  } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe("createProgress", () => {
  const saved = { CI: process.env.CI, NO_COLOR: process.env.NO_COLOR };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  it("createProgress on a terminal with NO_COLOR set writes plain lines (no spinner, no escape codes)", async () => {
    delete process.env.CI;
    process.env.NO_COLOR = "1";
    const t = fakeTerminal();
    const p = await createProgress({ stream: t.stream });
    p.phase("train: loading");
    p.succeed("train: done");
    expect(t.written.join("")).toBe("train: loading\ntrain: done\n");
  });

  it("createProgress with --quiet writes nothing, even on a terminal", async () => {
    const t = fakeTerminal();
    const p = await createProgress({ stream: t.stream, quiet: true });
    p.phase("x");
    p.succeed("y");
    expect(t.written).toEqual([]);
  });
});
