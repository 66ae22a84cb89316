import { isUtf8 } from "node:buffer";

const utf8 = new TextDecoder("utf-8");

/** Text of raw bytes for messages and quarantine: valid UTF-8 as is, otherwise bytes >= 0x80 as \xNN. */
export function displayBytes(bytes: Uint8Array): string {
  if (isUtf8(bytes)) return utf8.decode(bytes);
  let s = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    s += b < 0x80 ? String.fromCharCode(b) : "\\x" + b.toString(16).padStart(2, "0");
  }
  return s;
}
