import {
  Dictionary,
  Field,
  Int32,
  List,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Type,
  Utf8,
  type DataType,
} from "apache-arrow";
import { footerWithKeyValue } from "./parquet-footer.js";

/**
 * A Parquet file (as a Blob) whose footer asks the Arrow reader to decode the text columns at `paths` (dotted, through
 * lists and structs: "items.item_id") as dictionaries: the reader then hands the column chunk's own dictionary and
 * the codes of each row, instead of a string per row. The data pages are not touched (the Blob is the file's bytes
 * with a new footer), and a column that is not text, or not there, is read as before. `schema` is the Arrow schema the
 * file reads as without the hint. Null when no column changes.
 */
export async function withDictionaryHint(file: Blob, schema: Schema, paths: readonly string[]): Promise<Blob | null> {
  const hinted = hint(schema, paths);
  if (!hinted) return null;
  const size = file.size;
  if (size < 12) return null;
  const tail = new Uint8Array(await file.slice(size - 8, size).arrayBuffer());
  const metaLength = new DataView(tail.buffer).getUint32(0, true);
  if (String.fromCharCode(...tail.subarray(4)) !== "PAR1" || metaLength + 12 > size) return null;
  const metaStart = size - 8 - metaLength;
  const meta = new Uint8Array(await file.slice(metaStart, size - 8).arrayBuffer());
  const footer = footerWithKeyValue(meta, "ARROW:schema", schemaMessage(hinted));
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, footer.length, true);
  return new Blob([file.slice(0, metaStart), footer, length, "PAR1"]);
}

/** The schema with the text leaves at `paths` made dictionaries, or null when none is. */
function hint(schema: Schema, paths: readonly string[]): Schema | null {
  let changed = false;
  const visit = (f: Field, path: string): Field => {
    const t = f.type as DataType;
    if (paths.includes(path) && (t.typeId === Type.Utf8 || t.typeId === Type.LargeUtf8)) {
      changed = true;
      return new Field(f.name, new Dictionary(new Utf8(), new Int32()), f.nullable, f.metadata);
    }
    if (t.typeId === Type.List) {
      const child = (t as List).children[0];
      const next = visit(child, path);
      return next === child ? f : new Field(f.name, new List(next), f.nullable, f.metadata);
    }
    if (t.typeId === Type.Struct) {
      const children = (t as Struct).children;
      const next = children.map((c) => visit(c, `${path}.${c.name}`));
      return next.every((c, i) => c === children[i]) ? f : new Field(f.name, new Struct(next), f.nullable, f.metadata);
    }
    return f;
  };
  const fields = schema.fields.map((f) => visit(f, f.name));
  return changed ? new Schema(fields, schema.metadata) : null;
}

/** ARROW:schema's value: the IPC schema message (continuation marker, length, flatbuffer), base64. */
function schemaMessage(schema: Schema): string {
  const ipc = tableToIPC(new Table(schema), "stream");
  const length = new DataView(ipc.buffer, ipc.byteOffset).getInt32(4, true);
  return Buffer.from(ipc.subarray(0, 8 + length)).toString("base64");
}
