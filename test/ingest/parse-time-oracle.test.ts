import { describe, expect, it } from "vitest";
import { daysFromCivil, epochToMs, parseTimestamp, type DateOrder } from "../../src/ingest/parse-time.js";

/**
 * parseTimestamp against an independent reference: Date.UTC for every generated calendar text, hand-computed values
 * for epoch numbers, and NaN for every malformed text. Each cell sits inside a larger buffer (as in a CSV line), so a
 * parser that reads past the cell's end fails too.
 */
const enc = new TextEncoder();
/** Zone-less times as UTC wall clock plus one hour, so a test can tell a zone-less time from a "Z" one. */
const local = (wall: number) => wall + 3_600_000;

function parse(text: string, order: DateOrder = "ymd"): number {
  const cell = enc.encode(text);
  const buf = new Uint8Array(cell.length + 8);
  buf.set(enc.encode("9,"), 0);
  buf.set(cell, 2);
  buf.set(enc.encode(",+0530"), 2 + cell.length);
  return parseTimestamp(buf, 2, 2 + cell.length, local, order);
}

let seed = 20261203;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

describe("parseTimestamp, against Date.UTC", () => {
  it("parseTimestamp reads 3,000 generated ISO and slash texts to the millisecond, zones and orders included", () => {
    for (let n = 0; n < 3000; n++) {
      const y = int(1901, 2099);
      const mo = int(1, 12);
      const d = int(1, daysIn(y, mo));
      const hasTime = random() < 0.85;
      const h = hasTime ? int(0, 23) : 0;
      const mi = hasTime ? int(0, 59) : 0;
      const hasSeconds = hasTime && random() < 0.8;
      const s = hasSeconds ? int(0, 59) : 0;
      const digits = hasSeconds && random() < 0.6 ? int(1, 3) : 0;
      const fraction = digits ? int(0, 10 ** digits - 1) : 0;
      const ms = digits ? Math.floor((fraction * 1000) / 10 ** digits) : 0;
      const order = pick(["ymd", "mdy", "dmy"] as const);
      const shortYear = order !== "ymd" && y >= 2000 && random() < 0.3;
      const sep = pick(["-", "/"]);
      const two = random() < 0.8 ? pad : String; // one-digit months and days are read too
      const date =
        order === "ymd"
          ? `${y}${sep}${two(mo)}${sep}${two(d)}`
          : `${order === "mdy" ? `${mo}/${d}` : `${d}/${mo}`}/${shortYear ? pad(y - 2000) : y}`;
      let text = date;
      if (hasTime) {
        text += `${pick(["T", " "])}${random() < 0.2 ? h : pad(h)}:${pad(mi)}`;
        if (hasSeconds) text += `:${pad(s)}`;
        if (digits) text += `${pick([".", ","])}${pad(fraction, digits)}`;
      }
      const zones: [string, number | null][] = [
        ["", null],
        ["Z", 0],
        ["z", 0],
        [" UTC", 0],
        ["utc", 0],
        ["GMT", 0],
      ];
      const zh = int(0, 14);
      const zm = pick([0, 30, 45]);
      const sign = pick([1, -1]);
      const off = sign * (zh * 60 + zm) * 60_000;
      zones.push(
        [`${sign > 0 ? "+" : "-"}${pad(zh)}:${pad(zm)}`, off],
        [`${sign > 0 ? "+" : "-"}${pad(zh)}${pad(zm)}`, off],
        [`${sign > 0 ? "+" : "-"}${pad(zh)}`, sign * zh * 3_600_000],
      );
      const [zone, offset] = hasTime ? pick(zones) : ["", null];
      text += zone;
      const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
      const expected = offset === null ? local(wall) : wall - offset;
      expect(parse(text, order), `${text} (${order})`).toBe(expected);
    }
  });

  it("parseTimestamp gives NaN for impossible dates and times, and for malformed text", () => {
    const bad = [
      "2024-00-10",
      "2024-13-10",
      "2024-01-00",
      "2024-01-32",
      "2023-02-29", // not a leap year
      "1900-02-29", // divisible by 100, not by 400
      "2100-02-29",
      "2024-04-31",
      "2024-06-31",
      "2024-09-31",
      "2024-11-31",
      "2024-01-10T24:00",
      "2024-01-10T10:60",
      "2024-01-10T10:30:61",
      "2024-01-10T10:3",
      "2024-01-10T100:30",
      "2024-01-10T10:30:5",
      "2024-01-10T10",
      "2024-001-10",
      "2024-01-100",
      "2024-01/10",
      "2024/01-10",
      "24-01-10",
      "2024-01-10X",
      "2024-01-10T10:30+5",
      "2024-01-10T10:30+05:3",
      "2024-01-10T10:30+05:300",
      "2024-01-10T10:30+0530x",
      "2024-01-10T10:30 EST",
      "2024-01-10T10:30ZZ",
      "2024-01-10T10:30UTCX",
      "2024-01-10T10:30*05:00",
      "-",
      ".5",
      "12a",
      "1.2.3",
      "--5",
      "",
      "   ",
      "January 5 2024",
    ];
    for (const text of bad) expect(parse(text), text).toBeNaN();
    // slash dates need an order; a three-digit part or a one-digit year is not a date
    expect(parse("1/12/2010")).toBeNaN();
    expect(parse("1/123/2010", "dmy")).toBeNaN();
    expect(parse("100/12/2010", "dmy")).toBeNaN();
    expect(parse("1/12/201", "dmy")).toBeNaN();
    expect(parse("1/12-2010", "dmy")).toBeNaN();
    expect(parse("13/12/2010", "mdy")).toBeNaN();
    expect(parse("12/13/2010", "dmy")).toBeNaN();
  });

  it("parseTimestamp reads epoch numbers by magnitude: seconds below 1e11, then ms, us and ns", () => {
    expect(parse("0")).toBe(0);
    expect(parse("1700000000")).toBe(1_700_000_000_000);
    expect(parse(" 1700000000 ")).toBe(1_700_000_000_000);
    expect(parse("1700000000.25")).toBe(1_700_000_000_250);
    expect(parse("-86400")).toBe(-86_400_000);
    expect(parse("-1.5")).toBe(-1500);
    expect(parse("99999999999")).toBe(99_999_999_999_000); // 1e11 - 1: still seconds
    expect(parse("100000000000")).toBe(100_000_000_000); // 1e11: milliseconds
    expect(parse("1700000000000")).toBe(1_700_000_000_000);
    expect(parse("99999999999999")).toBe(99_999_999_999_999); // 1e14 - 1: milliseconds
    expect(parse("100000000000000")).toBe(100_000_000_000); // 1e14: microseconds
    expect(parse("1700000000000123")).toBe(1_700_000_000_000.123);
    expect(parse("9007199254740991")).toBe(9007199254740991 / 1000); // 2^53 - 1 us: the largest exact integer
    expect(parse("100000000000000000")).toBe(100_000_000_000); // 1e17: nanoseconds
    expect(parse("1700000000000000000")).toBe(1_700_000_000_000);
    expect(epochToMs(-1e11)).toBe(-1e11);
    expect(epochToMs(-99_999_999_999)).toBe(-99_999_999_999_000);
    expect(epochToMs(-1e14)).toBe(-1e11);
    expect(epochToMs(-1e17)).toBe(-1e11);
  });

  it("daysFromCivil(y, m, d) counts days from 1970-01-01 as Date.UTC does, before 1970 and across leap centuries", () => {
    for (let n = 0; n < 2000; n++) {
      const y = int(1, 9999);
      const m = int(1, 12);
      const d = int(1, daysIn(y, m));
      const date = new Date(0);
      date.setUTCFullYear(y, m - 1, d);
      expect(daysFromCivil(y, m, d), `${y}-${m}-${d}`).toBe(Math.floor(date.getTime() / 86_400_000));
    }
  });
});
