#!/usr/bin/env node
// Writes docs/model-options.md from the built registry (npm run docs:options).
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const { modelOptionsDoc } = await import(join(root, "dist/models/options-doc.js"));
writeFileSync(join(root, "docs/model-options.md"), modelOptionsDoc());
