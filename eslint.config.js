// The layering of docs/architecture.md, kept by the linter: each block says which folders a folder may not import.
// A later block replaces an earlier one for the files both match, so each lists every folder it forbids.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

/** no-restricted-imports patterns for folders under src/ (matched against the import path). */
const folders = (...names) => names.map((n) => `**/${n}/**`);
const forbid = (files, groups, message) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns: [{ group: groups, message }] }] },
});

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "/models/",
      "bench/.data/",
      "coverage/",
      "reports/",
      ".stryker-tmp/",
      "node_modules/",
      "src/models/embedding/sgns-kernel-wasm.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "max-len": [
        "error",
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  // nothing prints but the CLI (benchmarks and scripts are programs of their own)
  { files: ["src/**/*.ts"], ignores: ["src/cli/**"], rules: { "no-console": "error" } },
  // the boundaries
  forbid(["src/**/*.ts"], folders("cli"), "only src/cli imports src/cli"),
  // commands are thin: flags in, one call into pipeline/ out (pipeline/vocabulary.ts re-exports the words they parse)
  forbid(
    ["src/cli/**/*.ts"],
    folders(
      "evaluation",
      "models",
      "ingest",
      "replay",
      "io",
      "simulate",
      "artifact",
      "tensor",
      "run",
      "stats",
      "segments",
      "prices",
    ),
    "commands call pipeline/, which orchestrates the layers below",
  ),
  forbid(
    [
      "src/models/**/*.ts",
      "src/data/**/*.ts",
      "src/evaluation/**/*.ts",
      "src/replay/**/*.ts",
      "src/artifact/**/*.ts",
      "src/prices/**/*.ts",
    ],
    [...folders("cli", "pipeline")],
    "pipeline/ orchestrates; the layers below it never import it",
  ),
  forbid(
    ["src/artifact/**/*.ts"],
    folders("cli", "pipeline", "models"),
    "artifact/ is the file format: bytes in, sections out; it knows no model",
  ),
  forbid(
    ["src/prices/**/*.ts"],
    folders("cli", "pipeline", "moments", "replay", "evaluation", "simulate", "experiment", "segments"),
    "prices/ (price history, drops, audiences) sits below the price-drop moment and its replay",
  ),
  forbid(
    ["src/engines/**/*.ts"],
    folders("cli", "pipeline", "models", "evaluation", "replay", "simulate", "segments", "experiment", "moments"),
    "engines/ run SQL over the dataset's files; models/covis drives them, so they import no model",
  ),
  forbid(
    ["src/io/**/*.ts"],
    folders(
      "cli",
      "pipeline",
      "run",
      "models",
      "evaluation",
      "replay",
      "simulate",
      "segments",
      "experiment",
      "ingest",
      "moments",
      "stats",
      "serving",
      "tensor",
    ),
    "io/ reads and writes bytes: it knows data/, artifact/'s byte layout and errors.ts; what the bytes mean is parsed and rendered above it",
  ),
  forbid(
    ["src/data/**/*.ts"],
    folders("cli", "pipeline", "models", "evaluation", "replay", "artifact", "io"),
    "data/ is the bottom layer",
  ),
  forbid(
    ["src/serving/**/*.ts"],
    [
      ...folders("cli", "pipeline", "io", "evaluation", "replay", "simulate", "ingest", "tensor"),
      "**/artifact/write-*",
      "**/model-writer*",
      "**/fit-*",
      "**/train-*",
      "**/sgns*",
    ],
    "cartlift/serving loads and answers: no writer, orchestration or training code",
  ),
  // file access goes through io/; the exceptions read or write for speed or for the serving loader, and say so
  {
    files: ["src/**/*.ts"],
    ignores: [
      "src/io/**",
      "src/version.ts", // reads its own package.json once, at load
      "src/models/model-reader.ts", // the serving loader: no io/ module on cartlift/serving's path
      "src/pipeline/recommend.ts", // batch recommend: workers read and append byte ranges of the same files
      "src/pipeline/recommend-range.ts",
      "src/ingest/parallel-csv.ts", // parallel CSV parsing: workers read byte ranges and spill parts
      "src/ingest/parse-part.ts",
      "src/ingest/merge-part.ts",
      "src/ingest/open-source.ts",
    ],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: ["node:fs", "node:fs/promises", "fs", "fs/promises"].map((name) => ({
            name,
            message: "file access goes through src/io/",
          })),
        },
      ],
    },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.mjs", "scripts/**/*.mjs"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        performance: "readonly",
        Buffer: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        URL: "readonly",
        TextDecoder: "readonly",
        TextEncoder: "readonly",
        fetch: "readonly",
      },
    },
  },
);
