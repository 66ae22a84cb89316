import { describe, expect, it } from "vitest";
import { parseNumber } from "../../src/ingest/parse-number.js";

/**
 * parseNumber against JavaScript's own Number() on the same text: generated plain decimals (the fast path, up to 15
 * digits), long and exponent forms (the slow path), decimal commas, and malformed text. Each cell sits inside a larger
 * buffer, so reading past its end shows.
 */
const enc = new TextEncoder();
function parse(text: string, decimalComma = false): number {
  const cell = enc.encode(text);
  const buf = new Uint8Array(cell.length + 4);
  buf.set(enc.encode("7"), 0);
  buf.set(cell, 1);
  buf.set(enc.encode("123"), 1 + cell.length);
  return parseNumber(buf, 1, 1 + cell.length, decimalComma);
}

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(random() * 10))).join("");

describe("parseNumber, against Number()", () => {
  it("parseNumber reads 5,000 generated decimals as Number() does, with a point or (decimalComma) a comma", () => {
    for (let n = 0; n < 5000; n++) {
      const sign = ["", "-", "+"][Math.floor(random() * 3)];
      const whole = digits(1 + Math.floor(random() * 12));
      const fraction = random() < 0.6 ? digits(Math.floor(random() * 8)) : null;
      const exponent = random() < 0.1 ? `e${["", "-", "+"][Math.floor(random() * 3)]}${digits(1)}` : "";
      const text = `${sign}${whole}${fraction === null ? "" : `.${fraction}`}${exponent}`;
      const pad = random() < 0.1 ? " " : "";
      expect(parse(pad + text + pad), text).toBe(Number(text));
      expect(parse(pad + text.replace(".", ",") + pad, true), `${text} (decimal comma)`).toBe(Number(text));
    }
  });

  it("parseNumber keeps 16 or more digits exact as Number() rounds them, and reads a leading or trailing point", () => {
    for (const text of ["1234567890123456", "12345678901234567890", "0.1234567890123456789", "-99999999999999999"])
      expect(parse(text), text).toBe(Number(text));
    expect(parse("5.")).toBe(5);
    expect(parse(".5")).toBe(0.5);
    expect(parse("-.5")).toBe(-0.5);
    expect(parse("0012.50")).toBe(12.5);
    expect(parse("35,79", true)).toBe(35.79);
    expect(parse("35,79")).toBeNaN(); // a comma is not a point unless asked
    // nor a point when a comma is: there "1.234" means 1234, so it is refused rather than read as 1.234
    expect(parse("35.79", true)).toBeNaN();
    expect(parse("1.234", true)).toBeNaN();
  });

  it("parseNumber gives NaN for text that is not one number", () => {
    for (const text of [
      "",
      " ",
      "-",
      "+",
      ".",
      "1.2.3",
      "1,2",
      "1e",
      "e5",
      "1e+",
      "0x10",
      "12abc",
      "--1",
      "+-1",
      "1 2",
      "Infinity",
      "NaN",
      "1_000",
      "9".repeat(1001),
    ])
      expect(parse(text), JSON.stringify(text.slice(0, 20))).toBeNaN();
    expect(parse("1.234,5", true)).toBeNaN(); // a thousands separator
  });
});
