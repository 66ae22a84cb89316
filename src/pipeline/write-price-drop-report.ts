import { writeReportFiles } from "../io/write-report-files.js";
import { priceDropReportFiles } from "../replay/price-drop-markdown.js";
import type { PriceDropReport } from "../replay/price-drop-report.js";
import { checkReplayReportOut } from "./write-reports.js";

/** Writes report.md, report.html and report.json of a price-drop replay into `dir` (new, or an earlier report's). */
export function writePriceDropReport(dir: string, report: PriceDropReport, flag = "--report"): void {
  checkReplayReportOut(dir, flag);
  writeReportFiles(dir, priceDropReportFiles(report));
}
