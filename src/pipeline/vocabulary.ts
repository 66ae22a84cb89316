/**
 * The words and readers the CLI needs to parse flags before a command runs (protocol and preset names, the published
 * case's response figures, field maps, times). Light modules only: the CLI imports this eagerly, and its start-up must
 * not load Apache Arrow or training code.
 */
export { PROTOCOLS, type Protocol } from "../evaluation/protocols/names.js";
export { PRESETS } from "../ingest/presets.js";
export { parseBytes } from "../models/covis/engine-options.js";
export { parseFieldMap } from "../ingest/resolve-fields.js";
export { parseTimestamp, type DateOrder } from "../ingest/parse-time.js";
export { CASE_STUDY } from "../replay/response-model.js";
export type { AttributionWindow } from "../replay/attribution.js";
export type { EvalReport } from "../evaluation/eval-report.js";
export type { ExternalScores } from "../evaluation/external.js";
export { showMessage } from "../io/show-text.js";
export type { SegmentParams } from "../segments/segment-names.js";
export type { SegmentReport } from "../segments/segment-report.js";
export { conversionPoint, SEGMENT_HEADER, segmentRows } from "../segments/report/segment-figures.js";
export { MOMENT_NAMES, MOMENT_KINDS } from "../moments/registry.js";
export { RESPONSE_DEFAULTS } from "../replay/response-defaults.js";
export { SEGMENT_NOTE, segmentTables } from "../replay/segment-tables.js";
