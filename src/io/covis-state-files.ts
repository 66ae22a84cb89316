import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
} from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { writeAtomic } from "./write-atomic.js";

/**
 * A co-visitation state folder (docs/scale-out.md#daily-increments):
 *
 *   state.json        the header: format, the current generation, what was counted and how
 *   g<n>/items.json   the item ids, in the codes the arrays use
 *   g<n>/<name>.bin   one typed array each (little-endian, as the machine's own)
 *
 * A write puts the arrays in a new generation folder, each file flushed, then replaces state.json in one rename, then
 * removes the previous generation: a crash at any point leaves a state.json whose generation is complete.
 */
export const STATE_FORMAT = "cartlift-covis-state";
const HEADER = "state.json";
const GENERATION = /^g\d+$/;

export type StateArray = Int32Array | Float64Array;

export interface StateFiles {
  header: Record<string, unknown>;
  items: string[];
  arrays: Record<string, StateArray>;
}

/** Whether `dir` holds a state (its header). */
export function hasState(dir: string): boolean {
  return existsSync(join(dir, HEADER));
}

/** The state in `dir`, or null when the folder has no state yet. A damaged or foreign state is an input error. */
export function readStateFiles(dir: string): StateFiles | null {
  const headerPath = join(dir, HEADER);
  if (!existsSync(headerPath)) return null;
  const header = readHeader(dir);
  const generation = header.generation as string;
  const files = header.files as Record<string, { type: "i32" | "f64"; length: number }>;
  const at = join(dir, generation);
  let items: string[];
  try {
    items = JSON.parse(readFileSync(join(at, "items.json"), "utf8")) as string[];
  } catch (e) {
    throw damaged(dir, `${generation}/items.json: ${(e as Error).message}`);
  }
  const arrays: Record<string, StateArray> = {};
  for (const [name, { type, length }] of Object.entries(files)) {
    const bytes = readWhole(join(at, `${name}.bin`), dir);
    const width = type === "i32" ? 4 : 8;
    if (bytes.byteLength !== length * width)
      throw damaged(
        dir,
        `${generation}/${name}.bin holds ${bytes.byteLength} bytes, the header says ${length * width}`,
      );
    arrays[name] = type === "i32" ? new Int32Array(bytes.buffer) : new Float64Array(bytes.buffer);
  }
  return { header, items, arrays };
}

/** Writes a new generation of the state, then switches state.json to it in one rename (see above). */
export function writeStateFiles(dir: string, state: StateFiles): void {
  refuseForeignFolder(dir);
  const previous = existsSync(join(dir, HEADER)) ? (readHeader(dir).generation as string) : null;
  const generation = `g${previous === null ? 1 : Number(previous.slice(1)) + 1}`;
  const at = join(dir, generation);
  try {
    rmSync(at, { recursive: true, force: true }); // a crashed write's leftover of the same number
    mkdirSync(at, { recursive: true });
    writeAtomic(join(at, "items.json"), JSON.stringify(state.items));
    const files: Record<string, { type: string; length: number }> = {};
    for (const [name, array] of Object.entries(state.arrays)) {
      writeAtomic(join(at, `${name}.bin`), new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
      files[name] = { type: array instanceof Int32Array ? "i32" : "f64", length: array.length };
    }
    writeAtomic(join(dir, HEADER), JSON.stringify({ ...state.header, generation, files }, null, 2) + "\n");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === undefined) throw e;
    rmSync(at, { recursive: true, force: true });
    throw new InputError("state_unwritable", `cannot write the state to ${dir} (${(e as Error).message})`, {
      file: dir,
      hint: "check the folder's permissions and free disk space; the previous state is unchanged",
    });
  }
  // generations other than the new one: the previous, and any a crash left behind
  for (const entry of readdirSync(dir))
    if (GENERATION.test(entry) && entry !== generation) rmSync(join(dir, entry), { recursive: true, force: true });
}

function readHeader(dir: string): Record<string, unknown> {
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(readFileSync(join(dir, HEADER), "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw damaged(dir, `${HEADER}: ${(e as Error).message}`);
  }
  if (header.format !== STATE_FORMAT)
    throw new InputError(
      "not_a_state",
      `${join(dir, HEADER)} is not a co-visitation state (format "${header.format}")`,
      {
        file: join(dir, HEADER),
        hint: "give --state a folder of its own: cartlift writes it",
      },
    );
  if (typeof header.generation !== "string" || !GENERATION.test(header.generation) || typeof header.files !== "object")
    throw damaged(dir, `${HEADER} names no generation`);
  return header;
}

/** Only a state's own entries may be in its folder: cartlift never writes into (or cleans) a folder of other files. */
function refuseForeignFolder(dir: string): void {
  if (!existsSync(dir)) return;
  const foreign = readdirSync(dir).filter((e) => e !== HEADER && !GENERATION.test(e) && !e.includes(".tmp-"));
  if (foreign.length > 0)
    throw new InputError("not_a_state", `--state ${dir} holds files that are not a state's (${foreign[0]}, ...)`, {
      file: dir,
      hint: "give --state a new or empty folder, or one an earlier --state run wrote",
    });
}

function readWhole(path: string, dir: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw damaged(dir, (e as Error).message);
  }
  try {
    const bytes = new Uint8Array(new ArrayBuffer(fstatSync(fd).size));
    for (let done = 0; done < bytes.length;) {
      const n = readSync(fd, bytes, done, Math.min(1 << 30, bytes.length - done), done);
      if (n === 0) throw damaged(dir, `${path} ended early`);
      done += n;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

function damaged(dir: string, detail: string): InputError {
  return new InputError("state_damaged", `the state in ${dir} cannot be read (${detail})`, {
    file: dir,
    hint: "train once without --incremental to write a new state",
  });
}
