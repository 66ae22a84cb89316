import { closeSync, existsSync, openSync, statSync, writeSync } from "node:fs";

export interface QuarantineRow {
  file: string;
  line: number;
  reason: string;
  column: string;
  detail: string;
  raw: string;
}

export const QUARANTINE_HEADER = "file,line,reason,column,detail,raw";

/**
 * Appends rejected records to a CSV (file,line,reason,column,detail,raw). Opened lazily and buffered:
 * a clean input costs nothing, a dirty one costs one write per 64 KiB.
 */
export class QuarantineWriter {
  private fd: number | null = null;
  private buffer: string[] = [];
  private size = 0;
  count = 0;

  /** With `append`, rows go after those already in the file (whose header is kept). */
  constructor(
    private readonly path: string,
    private readonly append = false,
  ) {}

  write(row: QuarantineRow): void {
    if (this.fd === null) {
      const continuing = this.append && existsSync(this.path) && statSync(this.path).size > 0;
      this.fd = openSync(this.path, continuing ? "a" : "w");
      if (!continuing) this.buffer.push(QUARANTINE_HEADER + "\n");
    }
    const line =
      [row.file, String(row.line), row.reason, row.column, row.detail, row.raw]
        .map((cell) => csvField(neutraliseFormula(cell)))
        .join(",") + "\n";
    this.buffer.push(line);
    this.size += line.length;
    this.count++;
    if (this.size > 65536) this.flush();
  }

  flush(): void {
    if (this.fd === null || this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(""));
    this.buffer = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/**
 * A cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return) gets a
 * leading apostrophe, as OWASP advises against CSV injection. A cell that already starts with an apostrophe
 * gets one too, so that the original is always recovered the same way: drop one leading apostrophe from every
 * cell that starts with one (see originalCell).
 */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? "'" + cell : cell;
}

/** The cell as it was before neutraliseFormula. */
export function originalCell(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

const FORMULA_START = /^[=+\-@\t\r']/;

export function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
