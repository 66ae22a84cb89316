import { InputError } from "../errors.js";

/** Binary files that people pass to ingest by mistake, known by their first bytes, with what to do instead. */
const KINDS: { magic: number[]; what: string; hint: string }[] = [
  {
    magic: [...Buffer.from("CARTLIFT")],
    what: "a cartlift model file",
    hint: "ingest reads event logs; use the model with cartlift recommend --model, or evaluate it",
  },
  {
    magic: [...Buffer.from("ARROW1")],
    what: "an Arrow file (a cartlift dataset's events.arrow?)",
    hint: "a dataset is already ingested: pass its folder to train, evaluate or inspect with --data",
  },
  {
    magic: [...Buffer.from("PAR1")],
    what: "a Parquet file without a .parquet extension",
    hint: "rename it to end in .parquet",
  },
  { magic: [0x1f, 0x8b], what: "a gzip file without a .gz extension", hint: "rename it to end in .gz" },
  {
    magic: [0x50, 0x4b, 0x03, 0x04],
    what: "a ZIP archive (or an Excel workbook)",
    hint: "unzip it, or save the sheet as CSV UTF-8",
  },
];

/** Refuses a file whose first bytes say it is one of the binary formats above. */
export function refuseBinary(file: string, head: Uint8Array): void {
  for (const k of KINDS) {
    if (head.length >= k.magic.length && k.magic.every((b, i) => head[i] === b))
      throw new InputError("not_an_event_log", `${file} is ${k.what}, not an event log`, { file, hint: k.hint });
  }
}
