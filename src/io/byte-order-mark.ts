import { InputError } from "../errors.js";

/** The number of bytes of a UTF-8 byte order mark at the start of `head` (3 or 0). */
export function utf8BomLength(head: Uint8Array): number {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
}

/**
 * Refuses a file that starts with a UTF-16 or UTF-32 byte order mark (Excel's "Unicode text" export): read as
 * UTF-8 it would give one column of NUL-laced names and no clear error. Nothing else is decoded; the hint says
 * how to convert the file.
 */
export function refuseWideEncoding(file: string, head: Uint8Array): void {
  const le = head.length >= 2 && head[0] === 0xff && head[1] === 0xfe;
  const be = head.length >= 2 && head[0] === 0xfe && head[1] === 0xff;
  const be32 = head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff;
  if (!le && !be && !be32) return;
  const name = be32 ? "UTF-32BE" : le && head[2] === 0 && head[3] === 0 ? "UTF-32LE" : le ? "UTF-16LE" : "UTF-16BE";
  throw new InputError("unsupported_encoding", `${file} is encoded as ${name} (it starts with a byte order mark)`, {
    file,
    hint: `convert it to UTF-8 first: iconv -f ${name} -t UTF-8 ${file} > converted.csv (or save as "CSV UTF-8")`,
  });
}
