import { describe, expect, it } from "vitest";
import { crc32 } from "node:zlib";
import { layoutModel } from "../../src/artifact/layout-model.js";
import { parseModel } from "../../src/artifact/read-model.js";
import { HEADER_CRC_BYTES, PREAMBLE_BYTES, type ModelManifest } from "../../src/artifact/format.js";
import { InputError } from "../../src/errors.js";

const manifest: ModelManifest = {
  format: "cartlift-model",
  kind: "popular",
  cartliftVersion: "test",
  params: { room: "x".repeat(200) }, // removed by the edits below, so that an edited header fits where this one was
  items: 3,
  data: { sources: [], from: null, to: null, until: null },
};
const sections = { popular_items: Int32Array.from([2, 0, 1]), item_scale: Float64Array.from([0.5, 0.25]) };

function file(): Buffer {
  const { size, parts } = layoutModel(manifest, sections);
  const buf = Buffer.alloc(size);
  for (const p of parts) buf.set(p.bytes, p.offset);
  return buf;
}

const headerLength = (buf: Buffer) => buf.readUInt32LE(12);
const headerOf = (buf: Buffer) => JSON.parse(buf.toString("utf8", PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength(buf)));

/** The file with its header replaced by `text`, padded with spaces to the old length and given its checksum. */
function withHeader(buf: Buffer, text: string): Buffer {
  const out = Buffer.from(buf);
  const length = headerLength(buf);
  const bytes = Buffer.from(text.padEnd(length, " "));
  if (bytes.length !== length) throw new Error("the edited header must not be longer than the original");
  out.set(bytes, PREAMBLE_BYTES);
  out.writeUInt32LE(crc32(bytes), PREAMBLE_BYTES + length);
  return out;
}

/** The file with the header edited (the manifest's room taken out first). */
function edited(edit: (h: { manifest: ModelManifest; sections: Record<string, unknown>[] }) => void): Buffer {
  const buf = file();
  const h = headerOf(buf);
  delete h.manifest.params.room;
  edit(h);
  return withHeader(buf, JSON.stringify(h));
}

function refusal(buf: Uint8Array): string {
  try {
    parseModel(buf, "m.model");
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).file).toBe("m.model");
    if ((e as InputError).code === "bad_model")
      expect((e as InputError).hint).toBe("retrain it with cartlift train, or re-export it");
    return (e as Error).message;
  }
  throw new Error("the file was accepted");
}

describe("parseModel refusals", () => {
  it("a valid file parses: its manifest, sections, version and size", () => {
    const buf = file();
    const m = parseModel(buf, "m.model");
    expect(m.manifest).toEqual(manifest);
    expect(Array.from(m.sections.get("popular_items")!)).toEqual([2, 0, 1]);
    expect(Array.from(m.sections.get("item_scale")!)).toEqual([0.5, 0.25]);
    expect(m.version).toBe("1.2");
    expect(m.bytes).toBe(buf.length);
  });

  it("each kind of damage is refused naming the file and what is wrong", () => {
    const buf = file();
    expect(refusal(buf.subarray(0, 10))).toBe("m.model: not a valid cartlift model (wrong magic bytes)");
    const magic = Buffer.from(buf);
    magic.write("CARTLIFX", 0, "latin1");
    expect(refusal(magic)).toMatch(/\(wrong magic bytes\)$/);
    const huge = Buffer.from(buf);
    huge.writeUInt32LE(16 * 1024 * 1024 + 1, 12);
    expect(refusal(huge)).toMatch(/\(a header of 16777217 bytes\)$/);
    expect(refusal(buf.subarray(0, PREAMBLE_BYTES + headerLength(buf) + HEADER_CRC_BYTES - 1))).toMatch(
      /\(truncated header\)$/,
    );
    const flipped = Buffer.from(buf);
    flipped[PREAMBLE_BYTES + 3] ^= 1;
    expect(refusal(flipped)).toMatch(/\(the header fails its checksum \(corrupted\)\)$/);
    expect(refusal(withHeader(buf, "{not json"))).toMatch(/\(unreadable header\)$/);
    expect(refusal(withHeader(buf, JSON.stringify({ manifest: { format: "other" }, sections: [] })))).toMatch(
      /\(unexpected header\)$/,
    );
    expect(refusal(edited((h) => (h.manifest.kind = 3 as unknown as string)))).toMatch(/\(unexpected header\)$/);
    expect(refusal(edited((h) => (h.sections = {} as never)))).toMatch(/\(unexpected header\)$/);
    expect(refusal(edited((h) => h.sections.push(null as never)))).toMatch(/\(unexpected section entry\)$/);
    expect(refusal(edited((h) => h.sections.push({ ...h.sections[0], name: 7 })))).toMatch(
      /\(unexpected section entry\)$/,
    );
  });

  it("a section outside the file, misaligned, negative, repeated or damaged is refused by name", () => {
    const buf = file();
    const outside = /\(section "popular_items" lies outside the file \(truncated\?\)\)$/;
    expect(refusal(edited((h) => (h.sections[0].offset = (h.sections[0].offset as number) + 4)))).toMatch(outside);
    expect(refusal(edited((h) => (h.sections[0].offset = -8)))).toMatch(outside);
    expect(refusal(edited((h) => (h.sections[0].length = -1)))).toMatch(outside);
    expect(refusal(edited((h) => (h.sections[0].length = 0.5)))).toMatch(outside);
    expect(refusal(edited((h) => (h.sections[0].offset = "8" as never)))).toMatch(outside);
    expect(refusal(edited((h) => (h.sections[0].length = buf.length)))).toMatch(outside);
    expect(refusal(edited((h) => h.sections.push(h.sections[0])))).toMatch(
      /\(section "popular_items" appears twice\)$/,
    );
    const damaged = Buffer.from(buf);
    damaged[headerOf(buf).sections[1].offset] ^= 1;
    expect(refusal(damaged)).toMatch(/\(section "item_scale" fails its checksum \(corrupted\)\)$/);
  });

  it("a section of a dtype this reader does not know is skipped, the others kept", () => {
    const m = parseModel(
      edited((h) => (h.sections[1].dtype = "bfloat16")),
      "m.model",
    );
    expect([...m.sections.keys()]).toEqual(["popular_items"]);
  });

  it("a newer major is refused as newer; a later minor of this major loads", () => {
    const newer = file();
    newer.writeUInt16LE(2, 8);
    expect(refusal(newer)).toBe("m.model was written by a newer cartlift (model format 2.2, this one reads 1.x)");
    const minor = file();
    minor.writeUInt16LE(7, 10);
    expect(parseModel(minor, "m.model").version).toBe("1.7");
  });
});
