import { describe, expect, it } from "vitest";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeReportFiles } from "../../src/io/write-report-files.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-report-files-");
const files = { "report.md": "new md\n", "report.html": "<p>new</p>\n", "report.json": '{"new": true}\n' };

function previousReport(name: string): string {
  const dir = tmp.path(name);
  mkdirSync(dir);
  writeFileSync(join(dir, "report.md"), "old md\n");
  writeFileSync(join(dir, "report.json"), '{"old": true}\n');
  return dir;
}

describe("writeReportFiles", () => {
  it("writeReportFiles(dir, files) renames none of the new files when one cannot be written: the previous report stays whole", () => {
    const dir = previousReport("half");
    mkdirSync(join(dir, "report.html")); // report.html cannot be written: a folder holds its name
    expect(() => writeReportFiles(dir, files)).toThrow(/report\.html is a folder/);
    expect(readFileSync(join(dir, "report.md"), "utf8")).toBe("old md\n");
    expect(readFileSync(join(dir, "report.json"), "utf8")).toBe('{"old": true}\n');
    expect(readdirSync(dir).sort()).toEqual(["report.html", "report.json", "report.md"]);
  });

  it("writeReportFiles(dir, files) fails at once while another process writes the folder, and changes nothing", () => {
    const dir = previousReport("locked");
    writeFileSync(join(dir, ".cartlift.lock"), `${process.ppid}\n`); // a live process holds it
    expect(() => writeReportFiles(dir, files)).toThrow(/being written by another cartlift \(pid \d+\)/);
    expect(readFileSync(join(dir, "report.md"), "utf8")).toBe("old md\n");
    expect(readdirSync(dir).sort()).toEqual([".cartlift.lock", "report.json", "report.md"]);
  });

  it("writeReportFiles(dir, files) writes every file, releases the lock and leaves no temporary file", () => {
    const dir = previousReport("whole");
    writeReportFiles(dir, files);
    expect(readdirSync(dir).sort()).toEqual(["report.html", "report.json", "report.md"]);
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(dir, name), "utf8")).toBe(text);
  });
});
