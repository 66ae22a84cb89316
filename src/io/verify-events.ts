import { createHash } from "node:crypto";
import { InputError } from "../errors.js";
import type { DatasetManifest } from "./dataset-format.js";

/**
 * Checks events.arrow against what its manifest records (rows, bytes, sha256): the events of one ingest under the
 * manifest of another (a kill between the dataset's two renames, two writers at once) are refused, never read as one
 * dataset. Datasets written before the manifest recorded these are read unchecked.
 */
export function verifyEvents(path: string, manifest: DatasetManifest, bytes: Uint8Array, rows: number | null): void {
  const want = manifest.eventsFile;
  if (!want) return;
  const mixed = (what: string) =>
    new InputError(
      "dataset_mismatch",
      `${path} does not match its manifest (${what}): the folder holds parts of two different ingests`,
      {
        file: path,
        hint: "an ingest was interrupted between its last two steps, or two wrote at once; run the ingest again",
      },
    );
  if (bytes.length !== want.bytes) throw mixed(`${bytes.length} bytes, the manifest records ${want.bytes}`);
  if (rows !== null && rows !== want.rows) throw mixed(`${rows} rows, the manifest records ${want.rows}`);
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (sha !== want.sha256)
    throw mixed(`sha256 ${sha.slice(0, 12)}..., the manifest records ${want.sha256.slice(0, 12)}...`);
}
