import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { allKinds, modelKind, TRAINABLE_KINDS } from "../../src/models/registry.js";
import { modelOptionsDoc } from "../../src/models/options-doc.js";
import { parseModelRecipe } from "../../src/models/spec.js";
import { REPO } from "../helpers.js";

describe("the model registry", () => {
  it("lists every trainable kind once, and blend as a kind of its own", () => {
    expect(TRAINABLE_KINDS).toEqual(["covis", "popular", "history", "item2vec", "rerank"]);
    expect(allKinds().map((k) => k.name)).toEqual([...TRAINABLE_KINDS, "blend"]);
    expect(() => modelKind("sknn")).toThrow(/unknown model "sknn"/);
    expect(() => modelKind("blend")).toThrow(/unknown model "blend"/);
  });

  it("two kinds that take an option of one name share its declaration (one meaning per flag)", () => {
    const seen = new Map<string, unknown>();
    for (const kind of allKinds())
      for (const option of kind.options) {
        if (seen.has(option.name)) expect(option, `${kind.name}: ${option.name}`).toBe(seen.get(option.name));
        seen.set(option.name, option);
      }
    expect(seen.get("k")).toBe(modelKind("item2vec").options.find((o) => o.name === "k"));
  });

  it("every option's default reads with its own parser, and no two options of a kind write the same key", () => {
    for (const kind of allKinds()) {
      const keys = kind.options.map((o) => o.key);
      expect(new Set(keys).size, kind.name).toBe(keys.length);
      for (const o of kind.options)
        if (o.default !== undefined) expect(() => o.parse(o.default!, o.name)).not.toThrow();
    }
  });

  it("docs/model-options.md is the registry's option tables (npm run docs:options rewrites it)", () => {
    expect(readFileSync(join(REPO, "docs/model-options.md"), "utf8")).toBe(modelOptionsDoc());
  });

  it("docs/item2vec.md's option table gives the registry's defaults", () => {
    const doc = readFileSync(join(REPO, "docs/item2vec.md"), "utf8");
    const item2vec = modelKind("item2vec");
    let checked = 0;
    for (const [, flag, value] of doc.matchAll(/^\| `--([a-z-]+)` \| ([^|]+) \|/gm)) {
      const option = item2vec.options.find((o) => o.name === flag);
      if (!option?.default) continue;
      expect(value.trim(), flag).toBe(option.default);
      checked++;
    }
    expect(checked).toBe(10);
  });
});

describe("parseModelRecipe(spec, context, defaults): the one spec grammar", () => {
  it("reads a kind with options through its option table", () => {
    expect(parseModelRecipe("covis[normalise=cosine,k=20,matrices=covisit|buy2buy]", "t")).toEqual({
      kind: "covis",
      options: { normalise: "cosine", k: 20, matrices: ["covisit", "buy2buy"] },
    });
    expect(parseModelRecipe("history[half-life=7d,weights=view:1|cart_add:3]", "t")).toEqual({
      kind: "history",
      options: { "half-life": 7 * 86_400_000, weights: { view: 1, cart_add: 3 } },
    });
  });

  it("applies defaults (train's flags) to each part that has the option, under the part's own options", () => {
    const recipe = parseModelRecipe("covis[k=5]:0.7+history:0.3", "train", { k: 50, dim: 8, "half-life": 1000 });
    expect(recipe).toEqual({
      blend: [
        { kind: "covis", weight: 0.7, options: { k: 5, "half-life": 1000 } },
        { kind: "history", weight: 0.3, options: { "half-life": 1000 } },
      ],
    });
  });

  it("names the spec, the kind and the option in every error", () => {
    expect(() => parseModelRecipe("covis[nope=1]", "--models")).toThrow(
      /--models "covis\[nope=1\]": unknown option "nope" of covis/,
    );
    expect(() => parseModelRecipe("covis[k=many]", "--models")).toThrow(/k expects a number, got "many"/);
    expect(() => parseModelRecipe("covis[k=0]", "--models")).toThrow(/k expects a whole number from 1 to 10000/);
    expect(() => parseModelRecipe("item2vec[repeat=view:-1]", "t")).toThrow(
      /view needs a whole number of repeats from 0 to 100/,
    );
    expect(() => parseModelRecipe("covis[history=sometimes]", "t")).toThrow(/"sometimes" is not one of first, mix/);
    expect(() => parseModelRecipe("popular[k=3]", "t")).toThrow(/unknown option "k" of popular/);
    expect(() => parseModelRecipe("covis[[", "t")).toThrow(/cannot read/);
  });
});
