import { beforeAll, describe, expect, it } from "vitest";
import { execSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { train } from "../../src/pipeline/train.js";
import { exportModel } from "../../src/pipeline/export.js";
import { loadModel } from "../../src/serving/index.js";
import { loadModel as loadSaved } from "../../src/models/model-reader.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { EVENT_KINDS } from "../../src/data/event-kind.js";
import { REPO, tempDir } from "../helpers.js";

const tmp = tempDir();
const data = tmp.path("otto");

beforeAll(async () => {
  await ingest({ inputs: [join(REPO, "datasets/otto-20-sessions/train_first20.jsonl")], preset: "otto", out: data });
  await train({ kind: "covis", data, out: tmp.path("covis.model"), threads: 1, options: { scope: "user" } });
  exportModel({ model: tmp.path("covis.model"), out: tmp.path("covis.artifact"), quantize: 16 });
});

describe("cartlift/serving", () => {
  it("loadModel(path).recommend({history of ids}) equals the model's own scoring on item codes (one code path)", () => {
    const serving = loadModel(tmp.path("covis.artifact"));
    const { model, items } = loadSaved(tmp.path("covis.artifact"));
    const { table: t } = readDataset(data);
    for (let start = 0; start < 400; start += 37) {
      const events = Array.from({ length: 5 }, (_, x) => start + x);
      const r = serving.recommend({
        history: events.map((i) => ({ item: t.dicts.item.get(t.item[i]), event: EVENT_KINDS[t.kind[i]], ts: t.ts[i] })),
        k: 10,
      });
      const direct = model.recommend(
        events.map((i) => ({ item: items.lookup(t.dicts.item.get(t.item[i])), kind: t.kind[i], ts: t.ts[i] })),
        { k: 10 },
      );
      expect(r.items).toEqual(Array.from(direct.items, (c) => items.get(c)));
      expect(r.scores).toEqual(Array.from(direct.scores));
    }
  });

  it("recommend() ignores unknown ids (counted), honours exclude, and similarItems() answers by id", () => {
    const serving = loadModel(tmp.path("covis.artifact"));
    const { table: t } = readDataset(data);
    const known = t.dicts.item.get(t.item[0]);
    const r = serving.recommend({ history: [{ item: known }, { item: "no-such-item", event: "cart_add" }], k: 5 });
    expect(r.unknownItems).toBe(1);
    expect(r.items).toHaveLength(5);
    const without = serving.recommend({ history: [{ item: known }], k: 5, exclude: [r.items[0]] });
    expect(without.items).not.toContain(r.items[0]);
    const similar = serving.similarItems(known, 3);
    expect(similar.items.length).toBeLessThanOrEqual(3);
    expect(similar.items).not.toContain(known);
    expect(serving.similarItems("no-such-item", 3)).toEqual({ items: [], scores: [] });
    expect(serving.knows(known)).toBe(true);
    expect(serving.manifest.artifact?.quantize).toBe(16);
  });

  it('the built "cartlift/serving" entry statically imports only the Node standard library (training code loads on first fit)', () => {
    const entry = join(REPO, "dist", "serving", "index.js");
    if (!existsSync(entry)) execSync("npm run build --silent", { cwd: REPO, stdio: "pipe" });
    const bare = new Set<string>();
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "");
      for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']/g)) {
        const spec = m[1];
        if (spec.startsWith(".")) walk(resolve(dirname(file), spec));
        else bare.add(spec);
      }
    };
    walk(entry);
    expect([...bare].filter((s) => !s.startsWith("node:"))).toEqual([]);
    expect(seen.size).toBeGreaterThan(5);
  });

  it('loading a model and answering through "cartlift/serving" loads no io/, pipeline/, cli/ or training module', () => {
    const entry = join(REPO, "dist", "serving", "index.js");
    if (!existsSync(entry)) execSync("npm run build --silent", { cwd: REPO, stdio: "pipe" });
    // a loader hook in a fresh process records every module the process loads
    const log = tmp.path("loaded.txt");
    writeFileSync(
      tmp.path("hooks.mjs"),
      `import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) {\n  appendFileSync(${JSON.stringify(log)}, url + "\\n");\n  return next(url, context);\n}\n`,
    );
    writeFileSync(
      tmp.path("register.mjs"),
      `import { register } from "node:module";\nregister(${JSON.stringify("file://" + tmp.path("hooks.mjs"))});\n`,
    );
    writeFileSync(
      tmp.path("serve.mjs"),
      `import { loadModel } from ${JSON.stringify("file://" + entry)};\nconst m = loadModel(${JSON.stringify(tmp.path("covis.artifact"))});\nconst first = m.recommend({ history: [], k: 3 }).items[0];\nconsole.log(m.recommend({ history: [{ item: first }], k: 3 }).items.length);\n`,
    );
    const r = spawnSync("node", ["--import", tmp.path("register.mjs"), tmp.path("serve.mjs")], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("3");
    const dist = "file://" + join(REPO, "dist") + "/";
    const loaded = readFileSync(log, "utf8")
      .split("\n")
      .filter((url) => url.startsWith(dist))
      .map((url) => url.slice(dist.length));
    expect(loaded).toContain("serving/index.js");
    expect(loaded).toContain("models/covis/covis-model.js");
    // tensor/backend-choice.js holds the backend names (an option's values), no tensor code
    const forbidden =
      /^(io|pipeline|cli|tensor(?!\/backend-choice)|ingest|evaluation|replay|simulate|run)\/|\/(fit|train)-|sgns\.js|sgns-kernel|neighbours-worker|covis-neighbours|count-pairs|write-|layout-model/;
    expect(loaded.filter((path) => forbidden.test(path))).toEqual([]);
  });

  it('a package that depends on cartlift imports "cartlift/serving" through the package exports, with types', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
    expect(pkg.exports["./serving"]).toEqual({ types: "./dist/serving/index.d.ts", import: "./dist/serving/index.js" });
    const script = tmp.path("consumer.mjs");
    writeFileSync(
      script,
      `import { loadModel } from "cartlift/serving";\nconst m = loadModel(${JSON.stringify(tmp.path("covis.artifact"))});\nconsole.log(JSON.stringify(m.recommend({ history: [], k: 3 }).items.length));\n`,
    );
    // self-reference: a module inside the package resolves its own name through "exports"
    const inside = join(REPO, "bench", ".serving-consumer.mjs");
    writeFileSync(inside, readFileSync(script));
    try {
      const r = spawnSync("node", [inside], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.stdout.trim()).toBe("3");
    } finally {
      execSync(`rm -f ${JSON.stringify(inside)}`);
    }
    expect(existsSync(join(REPO, "dist", "serving", "index.d.ts"))).toBe(true);
  });
});
