import { Type, type Data } from "apache-arrow";
import { CodeMemo } from "./raw-batch.js";

/**
 * One CodeMemo per dictionary-encoded column, kept while its dictionary stays the same: the Parquet reader hands each
 * record batch the dictionary of its column chunk, so the batches of one row group carry equal copies of it, and their
 * entries are interned once for the whole row group. A batch with another dictionary (the next row group) starts a new
 * memo. Keyed by the caller's name for the column.
 */
export class DictionaryMemos {
  private readonly last = new Map<string, { bytes: Uint8Array; offsets: Int32Array; memo: CodeMemo }>();

  /** The memo for column `name` read from `d`, or null when `d` is not a dictionary of text. */
  of(name: string, d: Data): CodeMemo | null {
    if (d.typeId !== Type.Dictionary || d.dictionary?.data.length !== 1) return null;
    const text = d.dictionary.data[0] as Data;
    if (text.typeId !== Type.Utf8 || !(text.valueOffsets instanceof Int32Array)) return null;
    const n = text.length;
    const offsets = text.valueOffsets.subarray(text.offset, text.offset + n + 1);
    const bytes = (text.values as Uint8Array).subarray(offsets[0], offsets[n]);
    const seen = this.last.get(name);
    if (seen && sameDictionary(seen, bytes, offsets)) return seen.memo;
    const memo = new CodeMemo(new Int32Array(n));
    this.last.set(name, { bytes, offsets, memo });
    return memo;
  }
}

function sameDictionary(
  a: { bytes: Uint8Array; offsets: Int32Array },
  bytes: Uint8Array,
  offsets: Int32Array,
): boolean {
  if (a.offsets.length !== offsets.length || a.bytes.length !== bytes.length) return false;
  const base = offsets[0] - a.offsets[0];
  if (base === 0) {
    if (Buffer.compare(view(a.offsets), view(offsets)) !== 0) return false;
  } else for (let i = 0; i < offsets.length; i++) if (offsets[i] - a.offsets[i] !== base) return false;
  return Buffer.compare(a.bytes, bytes) === 0;
}

function view(a: Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
