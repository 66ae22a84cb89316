import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { loadModel } from "../../src/models/model-reader.js";
import type { CovisModel } from "../../src/models/covis/covis-model.js";
import { REPO, tempDir } from "../helpers.js";

/** `cartlift train` takes the spec grammar of evaluate and replay, and its flags come from the option tables. */
const BIN = join(REPO, "bin", "cartlift.js");
const tmp = tempDir("cartlift-train-");
const data = tmp.path("otto");
const cartlift = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args, "-q"], { cwd: REPO, encoding: "utf8", env: { ...process.env, CI: "1" } });

beforeAll(() => {
  const r = cartlift("ingest", "datasets/otto-20-sessions/train_first20.jsonl", "--preset", "otto", "--out", data);
  expect(r.status, r.stderr).toBe(0);
});

describe("cartlift train <spec>", () => {
  it('train "covis[normalise=cosine,k=5]" trains what train covis --normalise cosine --k 5 trains', () => {
    const spec = cartlift("train", "covis[normalise=cosine,k=5]", "--data", data, "--out", tmp.path("a.model"));
    const flags = cartlift(
      "train",
      "covis",
      "--normalise",
      "cosine",
      "--k",
      "5",
      "--data",
      data,
      "--out",
      tmp.path("b.model"),
    );
    expect(spec.status, spec.stderr).toBe(0);
    expect(flags.status, flags.stderr).toBe(0);
    const a = loadModel(tmp.path("a.model")).model as CovisModel;
    const b = loadModel(tmp.path("b.model")).model as CovisModel;
    expect(a.matrices.covisit).toEqual(b.matrices.covisit);
    const { indptr } = a.matrices.covisit;
    let longest = 0;
    for (let r = 0; r < a.matrices.covisit.rows; r++) longest = Math.max(longest, indptr[r + 1] - indptr[r]);
    expect(longest).toBe(5);
    expect(loadModel(tmp.path("a.model")).manifest.params).toMatchObject({ normalisation: "cosine", k: 5 });
  });

  it("a blend takes options per part, and a flag goes to every part that has it", () => {
    const r = cartlift(
      "train",
      "covis[k=3]:0.7+popular:0.3",
      "--half-life",
      "2d",
      "--data",
      data,
      "--out",
      tmp.path("c.model"),
      "--json",
    );
    expect(r.status, r.stderr).toBe(0);
    const parts = JSON.parse(r.stdout).params.parts;
    expect(parts.map((p: { kind: string }) => p.kind)).toEqual(["covis", "popular"]);
    expect(parts[0].params).toMatchObject({ k: 3, halfLifeMs: 2 * 86_400_000 });
    expect(parts[1].params).toEqual({ halfLifeMs: 2 * 86_400_000 });
  });

  it("refuses a flag no part of the spec takes, an unknown option and a bad value, naming each (exit 2)", () => {
    const dim = cartlift("train", "popular", "--dim", "8", "--data", data, "--out", tmp.path("d.model"));
    expect(dim.status).toBe(2);
    expect(dim.stderr).toContain("--dim is not an option of popular");
    const nope = cartlift("train", "covis[nope=1]", "--data", data, "--out", tmp.path("e.model"));
    expect(nope.status).toBe(2);
    expect(nope.stderr).toContain('unknown option "nope" of covis');
    const bad = cartlift("train", "covis", "--max-gap", "0", "--data", data, "--out", tmp.path("f.model"));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--max-gap expects a whole number from 1 to 1000000");
  });

  it("--help lists every option of every kind once, with the kinds that take it", () => {
    const help = spawnSync(process.execPath, [BIN, "train", "--help"], { encoding: "utf8" }).stdout;
    expect(help).toContain("--normalise <raw|cosine|jaccard|lift|bm25>");
    expect(help).toMatch(/--k <n>\s+covis, item2vec, rerank: neighbours kept per item \(default: "50"\)/);
    expect(help).toContain("--no-position-decay");
    expect(help.match(/--half-life/g)).toHaveLength(1);
  });
});
