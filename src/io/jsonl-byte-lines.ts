import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { InputError } from "../errors.js";
import { MAX_RECORD_BYTES, recordTooLong } from "./record-limit.js";
import { refuseWideEncoding, utf8BomLength } from "./byte-order-mark.js";
import { refuseBinary } from "./sniff-binary.js";

/** Every line of a (possibly gzipped) file as bytes, without its CR LF (the first also without a byte-order mark). */
export async function* byteLines(
  file: string,
  onBytes: (n: number) => void,
): AsyncGenerator<{ bytes: Buffer; line: number }> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = /\.gz$/i.test(file) ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  let lineNo = 0;
  const emit = (buf: Buffer): { bytes: Buffer; line: number } => {
    lineNo++;
    let end = buf.length;
    if (end > 0 && buf[end - 1] === 0x0d) end--;
    const bytes = buf.subarray(0, end);
    if (lineNo === 1) {
      refuseWideEncoding(file, bytes);
      refuseBinary(file, bytes);
      return { bytes: bytes.subarray(utf8BomLength(bytes)), line: lineNo };
    }
    return { bytes, line: lineNo };
  };
  // the start of a line that spans chunks, kept as a list and joined once its newline arrives (linear time)
  let pending: Buffer[] = [];
  let pendingLength = 0;
  try {
    for await (const chunk of stream) {
      const piece = chunk as Buffer;
      const firstNl = piece.indexOf(0x0a);
      if (firstNl < 0) {
        pending.push(piece);
        pendingLength += piece.length;
        if (pendingLength > MAX_RECORD_BYTES) throw recordTooLong(file, lineNo + 1, false);
        onBytes(raw.bytesRead);
        continue;
      }
      // the line that spans chunks is joined on its own: the rest of the chunk is not copied
      let start = 0;
      if (pendingLength > 0) {
        yield emit(Buffer.concat([...pending, piece.subarray(0, firstNl)]));
        start = firstNl + 1;
      }
      const data = piece;
      for (;;) {
        const nl = data.indexOf(0x0a, start);
        if (nl < 0) break;
        yield emit(data.subarray(start, nl));
        start = nl + 1;
      }
      const carry = Buffer.from(data.subarray(start));
      pending = carry.length ? [carry] : [];
      pendingLength = carry.length;
      onBytes(raw.bytesRead);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR")
      throw new InputError("bad_gzip", `${file}: not a valid gzip file (${(e as Error).message})`, { file });
    throw new InputError("unreadable_file", `${file}: cannot read (${(e as Error).message})`, { file });
  }
  if (pendingLength > 0) yield emit(Buffer.concat(pending));
  onBytes(raw.bytesRead);
}
