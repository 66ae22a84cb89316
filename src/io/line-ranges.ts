import { closeSync, openSync, readSync, statSync } from "node:fs";

/** A part of a text file that starts at a line: bytes [start, end), whose first line is `firstLine` (1-based). */
export interface LineRange {
  start: number;
  end: number;
  firstLine: number;
}

/**
 * Cuts a file into about `parts` byte ranges that each begin at a line start, with the line number
 * each begins at, so that parts can be processed apart and errors still name the file's own lines.
 * Reads the file once, in 1 MiB blocks.
 */
export function lineRanges(file: string, parts: number): LineRange[] {
  const size = statSync(file).size;
  const targets = Array.from({ length: parts - 1 }, (_, i) => Math.floor((size * (i + 1)) / parts));
  const ranges: LineRange[] = [{ start: 0, end: size, firstLine: 1 }];
  const fd = openSync(file, "r");
  try {
    const block = Buffer.alloc(1 << 20);
    let at = 0;
    let lines = 0;
    let next = 0;
    while (at < size && next < targets.length) {
      const n = readSync(fd, block, 0, block.length, at);
      if (n === 0) break;
      for (let nl = block.indexOf(10, 0); nl >= 0 && nl < n; nl = block.indexOf(10, nl + 1)) {
        lines++;
        // the first line start at or after the target begins the next range
        while (next < targets.length && at + nl + 1 >= targets[next]) {
          const start = at + nl + 1;
          if (start < size && start > ranges[ranges.length - 1].start) {
            ranges[ranges.length - 1].end = start;
            ranges.push({ start, end: size, firstLine: lines + 1 });
          }
          next++;
        }
      }
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return ranges;
}
