import { InputError } from "../errors.js";

/**
 * The error of an events.arrow that does not match what its manifest records (rows, bytes, sha256; `what` says which):
 * the events of one ingest under the manifest of another (a kill between the dataset's two renames, two writers at
 * once) are refused, never read as one dataset. Datasets written before the manifest recorded these are read
 * unchecked.
 */
export function datasetMismatch(path: string, what: string): InputError {
  return new InputError(
    "dataset_mismatch",
    `${path} does not match its manifest (${what}): the folder holds parts of two different ingests`,
    {
      file: path,
      hint: "an ingest was interrupted between its last two steps, or two wrote at once; run the ingest again",
    },
  );
}
