import { describe, expect, it } from "vitest";
import { KeyHasher, SeenKeys } from "../../src/ingest/sources/nested-values.js";
import { writeInteger } from "../../src/ingest/sources/ga4-sessions.js";

/** KeyHasher must give SeenKeys.hash of the key string it stands for: the duplicate check may not depend on the path */
describe("KeyHasher", () => {
  it("KeyHasher of bytes, numbers, big integers and absent cells equals SeenKeys.hash of the joined text", () => {
    const bytes = Uint8Array.of(0x61, 0x80, 0xe9, 0x9f, 0x7a); // a, windows-1252 euro sign, e-acute, Y-diaeresis, z
    const latin1 = new TextDecoder("latin1").decode(bytes);
    const h = new KeyHasher()
      .reset()
      .bytes(bytes, 0, bytes.length)
      .sep()
      .integer(1_709_280_000_123_456n)
      .sep()
      .integer(2n ** 63n - 1n)
      .sep()
      .number(-42)
      .sep()
      .number(1.5)
      .sep()
      .number(0)
      .sep()
      .spanOrNull({ buf: bytes, alt: bytes, starts: Int32Array.of(2), ends: Int32Array.of(2) }, 0)
      .value();
    const text = `${latin1}|1709280000123456|${String(2n ** 63n - 1n)}|-42|1.5|0|null`;
    expect(h).toBe(SeenKeys.hash(text));
    expect(new KeyHasher().reset().text("x").value()).not.toBe(SeenKeys.hash("y"));
  });

  it("KeyHasher.number of whole numbers around the 1e8 split and up to 2^53 equals SeenKeys.hash of String(n)", () => {
    const edges = [
      0,
      7,
      10,
      99_999_999,
      1e8,
      1e8 + 1,
      1e8 + 10,
      123_000_000_045,
      1_709_280_000_000_000,
      2 ** 53 - 1,
      2 ** 53,
    ];
    let x = 12_345;
    const values = [...edges, ...edges.map((v) => -v)];
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      values.push(x * 4_194_304 + (x % 1000), x % 100_000_000, Math.floor(x / 7) * 100_000_000);
    }
    for (const v of values) expect(new KeyHasher().reset().number(v).value()).toBe(SeenKeys.hash(String(v)));
  });
});

describe("SeenKeys", () => {
  it("SeenKeys.repeat says true exactly for keys seen before, as a Set of the keys does, past several table growths", () => {
    const seen = new SeenKeys();
    const oracle = new Set<string>();
    let x = 7;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const key = `u${x % 9000}|${x % 7}`;
      expect(seen.repeat(key)).toBe(oracle.has(key));
      oracle.add(key);
    }
    expect(oracle.size).toBeGreaterThan(4096); // the table starts at 4096 slots, half full at most
  });

  it("SeenKeys.reserve keeps the keys seen before it, and repeat answers as a Set does after it", () => {
    const seen = new SeenKeys();
    const oracle = new Set<string>();
    const check = (key: string) => {
      expect(seen.repeat(key)).toBe(oracle.has(key));
      oracle.add(key);
    };
    for (let i = 0; i < 3000; i++) check(`a${i % 2500}`);
    seen.reserve(50_000);
    for (let i = 0; i < 20_000; i++) check(`a${(i * 7) % 9000}`);
  });
});

describe("writeInteger", () => {
  it("writeInteger writes String(v) for whole numbers up to 2^53, around the 1e8 split, and negative ones", () => {
    const values = [0, 5, 10, 99_999_999, 1e8, 1e8 + 7, 1_709_280_123, 1_709_280_000_000_000, 2 ** 53 - 1];
    const bytes = new Uint8Array(40);
    for (const v of [...values, ...values.map((x) => -x).filter((x) => x !== 0)]) {
      const end = writeInteger(bytes, 3, v);
      expect(new TextDecoder().decode(bytes.subarray(3, end))).toBe(String(v));
    }
  });
});
