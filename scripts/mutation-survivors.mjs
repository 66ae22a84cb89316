#!/usr/bin/env node
// node scripts/mutation-survivors.mjs <group> [--all]: the mutants of reports/mutation/<group>.json (written by
// `npm run test:mutation -- <group>`) that survived or had no coverage, one per line:
// file:line:column mutator status `original` -> `replacement` (with --all, every mutant that was not killed or
// timed out, also those ignored or not compiling).
import { readFileSync } from "node:fs";

const [group, flag] = process.argv.slice(2);
if (!group) throw new Error("usage: node scripts/mutation-survivors.mjs <group> [--all]");
const report = JSON.parse(readFileSync(`reports/mutation/${group}.json`, "utf8"));
const shown =
  flag === "--all" ? (s) => s !== "Killed" && s !== "Timeout" : (s) => s === "Survived" || s === "NoCoverage";

/** The source text between two 1-based line:column positions (Stryker's locations), on one line. */
function excerpt(lines, { start, end }) {
  const text =
    start.line === end.line
      ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
      : [
          lines[start.line - 1].slice(start.column - 1),
          ...lines.slice(start.line, end.line - 1),
          lines[end.line - 1].slice(0, end.column - 1),
        ].join("\n");
  return oneLine(text);
}
const oneLine = (s) => {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
};

let count = 0;
for (const [file, f] of Object.entries(report.files)) {
  const lines = f.source.split("\n");
  const mutants = f.mutants
    .filter((m) => shown(m.status))
    .sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column);
  for (const m of mutants) {
    const { line, column } = m.location.start;
    const status = m.status === "Survived" ? "" : ` ${m.status}`;
    const was = excerpt(lines, m.location);
    console.log(
      `${file}:${line}:${column} ${m.mutatorName}${status} \`${was}\` -> \`${oneLine(m.replacement ?? "")}\``,
    );
    count++;
  }
}
console.log(`${count} mutant(s)`);
