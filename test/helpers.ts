import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/** A temporary folder removed after the test file; `file(name, content)` writes a fixture into it. */
export function tempDir(prefix = "cartlift-test-") {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    path: (name: string) => join(dir, name),
    file(name: string, content: string | Uint8Array): string {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
  };
}

/** Quarantine rows of a dataset (header excluded), parsed into objects. */
export function quarantineRows(
  datasetDir: string,
): { file: string; line: number; reason: string; column: string; detail: string; raw: string }[] {
  const p = join(datasetDir, "quarantine.csv");
  if (!existsSync(p)) return [];
  const rows = parseCsv(readFileSync(p, "utf8"));
  return rows
    .slice(1)
    .map(([file, line, reason, column, detail, raw]) => ({ file, line: Number(line), reason, column, detail, raw }));
}

/** A tiny RFC 4180 parser for checking files the tool writes (independent of the tool's own reader). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') q = false;
      else field += c;
    } else if (c === '"') q = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export const REPO = join(import.meta.dirname, "..");
export const SHARED_DATASETS = join(REPO, "..", "shared", "datasets");

/** mulberry32: a small seeded PRNG for reproducible random fixtures, values in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
