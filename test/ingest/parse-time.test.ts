import { describe, expect, it } from "vitest";
import { daysFromCivil, epochToMs, parseTimestamp, type DateOrder } from "../../src/ingest/parse-time.js";
import { zoneResolver } from "../../src/ingest/time-zone.js";
import { seeded } from "../helpers.js";

const UTC = zoneResolver("UTC");

/** parseTimestamp on the UTF-8 bytes of `text`, placed inside a larger buffer to check the offsets. */
function ts(text: string, tz = UTC, order?: DateOrder): number {
  const bytes = new TextEncoder().encode(`##${text}##`);
  return parseTimestamp(bytes, 2, bytes.length - 2, tz, order);
}

const at = (iso: string) => Date.parse(iso);

describe("parseTimestamp: epoch numbers", () => {
  it("parseTimestamp(bytes) reads epoch seconds, milliseconds and microseconds by magnitude", () => {
    expect(ts("1511658000")).toBe(at("2017-11-26T01:00:00Z")); // Taobao, seconds
    expect(ts("1433221332117")).toBe(at("2015-06-02T05:02:12.117Z")); // RetailRocket, ms
    expect(ts("1659304800025000")).toBe(at("2022-07-31T22:00:00.025Z")); // microseconds
    expect(ts("1659304800025000000")).toBe(at("2022-07-31T22:00:00.025Z")); // nanoseconds
    expect(ts("0")).toBe(0);
    expect(ts("99999999999")).toBe(99_999_999_999_000); // just below 1e11: still seconds (year 5138)
    expect(ts("100000000000")).toBe(100_000_000_000); // 1e11: milliseconds (1973)
  });

  it("parseTimestamp(bytes) reads fractional epoch seconds and negative epochs", () => {
    expect(ts("1511658000.5")).toBe(at("2017-11-26T01:00:00.500Z"));
    expect(ts("1511658000.123")).toBe(at("2017-11-26T01:00:00.123Z"));
    expect(ts("-86400")).toBe(-86_400_000);
    expect(ts(" 1511658000 ")).toBe(at("2017-11-26T01:00:00Z")); // surrounding spaces
  });

  it("parseTimestamp(bytes) rejects numbers with junk: exponents, signs, separators", () => {
    for (const bad of ["1e9", "+1511658000", "1511658000s", "1,5", "1.2.3", "", "   ", "-", "0x10"])
      expect(ts(bad), bad).toBeNaN();
  });

  it("epochToMs(v) scales a numeric epoch to milliseconds by magnitude", () => {
    expect(epochToMs(1511658000)).toBe(1511658000000);
    expect(epochToMs(1511658000000)).toBe(1511658000000);
    expect(epochToMs(1511658000000000)).toBe(1511658000000);
    expect(epochToMs(-1511658000)).toBe(-1511658000000);
  });
});

describe("parseTimestamp: ISO 8601", () => {
  it("parseTimestamp(bytes) reads ISO 8601 with Z, 'T' or space, with and without fraction", () => {
    expect(ts("2014-04-07T10:51:09.277Z")).toBe(at("2014-04-07T10:51:09.277Z")); // YOOCHOOSE
    expect(ts("2014-04-07 10:51:09Z")).toBe(at("2014-04-07T10:51:09Z"));
    expect(ts("2014-04-07T10:51Z")).toBe(at("2014-04-07T10:51:00Z")); // no seconds
    expect(ts("2014-04-07T10:51:09.5z")).toBe(at("2014-04-07T10:51:09.500Z"));
    expect(ts("2014-04-07T10:51:09,25Z")).toBe(at("2014-04-07T10:51:09.250Z")); // comma fraction
    expect(ts("2014-04-07T10:51:09.123456Z")).toBeCloseTo(at("2014-04-07T10:51:09.123Z") + 0.456, 6); // microseconds
  });

  it("parseTimestamp(bytes) reads a ' UTC' or ' GMT' suffix (REES46 event_time)", () => {
    expect(ts("2019-10-01 00:00:00 UTC")).toBe(at("2019-10-01T00:00:00Z"));
    expect(ts("2019-10-01 02:50:00 utc")).toBe(at("2019-10-01T02:50:00Z"));
    expect(ts("2019-10-01 00:00:00 GMT")).toBe(at("2019-10-01T00:00:00Z"));
  });

  it("parseTimestamp(bytes) reads ISO 8601 with an offset: +hh:mm, +hhmm, +hh and negative offsets", () => {
    expect(ts("2019-10-01T02:00:00+02:00")).toBe(at("2019-10-01T00:00:00Z"));
    expect(ts("2019-10-01T02:00:00+0200")).toBe(at("2019-10-01T00:00:00Z"));
    expect(ts("2019-10-01T02:00:00+02")).toBe(at("2019-10-01T00:00:00Z"));
    expect(ts("2019-09-30T18:30:00-05:30")).toBe(at("2019-10-01T00:00:00Z"));
    expect(ts("2019-10-01T05:45:00.250 +05:45")).toBe(at("2019-10-01T00:00:00.250Z"));
  });

  it("parseTimestamp(bytes) reads every offset's minutes, with or without the colon (+0530 is +05:30, not +05:00)", () => {
    expect(ts("2019-10-01T05:30:00+0530")).toBe(at("2019-10-01T00:00:00Z"));
    expect(ts("2019-09-30T20:15:00-0345")).toBe(at("2019-10-01T00:00:00Z"));
    // against the platform's own ISO 8601 reader, on random instants and every quarter-hour offset in -12..+14 h
    const rnd = seeded(3);
    for (let n = 0; n < 500; n++) {
      const quarter = Math.floor(rnd() * 105) - 48;
      const sign = quarter < 0 ? "-" : "+";
      const hh = String(Math.floor(Math.abs(quarter) / 4)).padStart(2, "0");
      const mm = String((Math.abs(quarter) % 4) * 15).padStart(2, "0");
      const wall = new Date(Math.floor(rnd() * 2e12)).toISOString().slice(0, 19);
      const want = at(`${wall}${sign}${hh}:${mm}`);
      expect(ts(`${wall}${sign}${hh}:${mm}`)).toBe(want);
      expect(ts(`${wall}${sign}${hh}${mm}`), `${wall}${sign}${hh}${mm}`).toBe(want);
    }
  });

  it("parseTimestamp(bytes) reads a bare date as midnight, and slash-separated year-first dates", () => {
    expect(ts("2016-05-09")).toBe(at("2016-05-09T00:00:00Z")); // Diginetica eventdate
    expect(ts("2016/05/09 13:00")).toBe(at("2016-05-09T13:00:00Z"));
  });

  it("parseTimestamp(bytes) rejects invalid calendar dates and times instead of rolling them over", () => {
    for (const bad of [
      "2019-02-30",
      "2019-02-29",
      "1900-02-29",
      "2019-04-31",
      "2019-13-01",
      "2019-00-10",
      "2019-01-00",
      "2019-01-01T24:00:00Z",
      "2019-01-01T10:60:00Z",
      "2019-01-01T10:00:61Z",
    ])
      expect(ts(bad), bad).toBeNaN();
    expect(ts("2020-02-29")).toBe(at("2020-02-29T00:00:00Z"));
    expect(ts("2000-02-29")).toBe(at("2000-02-29T00:00:00Z"));
  });

  it("parseTimestamp(bytes) rejects malformed text and unknown zone names", () => {
    for (const bad of [
      "yesterday",
      "2019-1001",
      "19-10-01",
      "2019-10-01T",
      "2019-10-01T1:5",
      "2019-10-01 00:00:00 CET",
      "2019-10-01T00:00:00+2",
      "2019-10-01T00:00:00+02:0",
      "12/1/2010 8:26",
    ])
      expect(ts(bad), bad).toBeNaN();
  });
});

describe("parseTimestamp: a cell inside a larger buffer", () => {
  it("parseTimestamp(bytes, start, end) reads only [start, end) even when the next bytes look like time syntax", () => {
    // in a CSV row the bytes after a cell are a delimiter and the next cell: "2019-10-01 00:00:00,view,..."
    const cells = [
      "2019-10-01 00:00:00",
      "2019-10-01T00:00",
      "2019-10-01 12:00:00.5",
      "2019-10-01",
      "2016/05/09",
      "1569888000",
      "2019-10-01 00:00:00 UTC",
    ];
    for (const cell of cells) {
      const alone = ts(cell);
      expect(alone, cell).not.toBeNaN();
      for (const next of [",", ",5", ".", ".25", ":", ":30", "-", "/", "Z", "+01:00", " ", "0"]) {
        const bytes = new TextEncoder().encode(cell + next);
        expect(parseTimestamp(bytes, 0, cell.length, UTC), JSON.stringify(cell + next)).toBe(alone);
      }
    }
    const uci = new TextEncoder().encode("12/1/2010 8:26,2.55");
    expect(parseTimestamp(uci, 0, 14, UTC, "mdy")).toBe(at("2010-12-01T08:26:00Z"));
  });
});

describe("parseTimestamp: slash dates with a date order", () => {
  it("parseTimestamp(bytes, ..., 'mdy') reads UCI's month-first '12/1/2010 8:26'", () => {
    expect(ts("12/1/2010 8:26", UTC, "mdy")).toBe(at("2010-12-01T08:26:00Z"));
    expect(ts("1/12/11 17:05", UTC, "mdy")).toBe(at("2011-01-12T17:05:00Z")); // two-digit year
  });

  it("parseTimestamp(bytes, ..., 'dmy') reads day-first dates and rejects impossible ones", () => {
    expect(ts("1/12/2010 08:26", UTC, "dmy")).toBe(at("2010-12-01T08:26:00Z"));
    expect(ts("31/4/2010", UTC, "dmy")).toBeNaN();
    expect(ts("12/31/2010", UTC, "dmy")).toBeNaN();
  });
});

describe("parseTimestamp: zone-less times and --tz", () => {
  it("parseTimestamp(bytes, tz) reads zone-less times in a fixed --tz offset", () => {
    expect(ts("2019-10-01 02:00:00", zoneResolver("+02:00"))).toBe(at("2019-10-01T00:00:00Z"));
    expect(ts("2019-10-01 02:00:00", zoneResolver("+0200"))).toBe(at("2019-10-01T00:00:00Z"));
    expect(ts("2019-09-30 19:00:00", zoneResolver("-05:00"))).toBe(at("2019-10-01T00:00:00Z"));
    // an explicit zone in the text wins over --tz
    expect(ts("2019-10-01 00:00:00Z", zoneResolver("+02:00"))).toBe(at("2019-10-01T00:00:00Z"));
    expect(ts("1511658000", zoneResolver("+02:00"))).toBe(at("2017-11-26T01:00:00Z"));
  });

  it("parseTimestamp(bytes, Europe/London) follows British Summer Time across both 2019 transitions", () => {
    const london = zoneResolver("Europe/London");
    const cases: [string, string][] = [
      ["2019-01-15 12:00:00", "2019-01-15T12:00:00Z"], // GMT
      ["2019-07-15 12:00:00", "2019-07-15T11:00:00Z"], // BST = UTC+1
      ["2019-03-31 00:59:59", "2019-03-31T00:59:59Z"], // last second of GMT (clocks go 01:00 -> 02:00)
      ["2019-03-31 02:00:00", "2019-03-31T01:00:00Z"], // first BST wall time
      ["2019-10-27 00:59:00", "2019-10-26T23:59:00Z"], // still BST
      ["2019-10-27 02:00:00", "2019-10-27T02:00:00Z"], // back on GMT
      ["12/9/2011 12:50", "2011-12-09T12:50:00Z"],
      ["8/12/2011 14:51", "2011-08-12T13:51:00Z"],
    ];
    for (const [local, utc] of cases) expect(ts(local, london, "mdy"), local).toBe(at(utc));
  });

  it("parseTimestamp(bytes, Europe/London) maps a repeated autumn wall time to an instant showing that wall time", () => {
    const instant = ts("2019-10-27 01:30:00", zoneResolver("Europe/London"));
    expect([at("2019-10-27T00:30:00Z"), at("2019-10-27T01:30:00Z")]).toContain(instant);
    const wall = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(instant);
    expect(wall).toBe("01:30");
  });

  it("zoneResolver(tz) refuses an unknown zone name", () => {
    expect(() => zoneResolver("Mars/Olympus")).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});

describe("daysFromCivil", () => {
  it("daysFromCivil(y, m, d) counts days from 1970-01-01, before and after it", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(Date.UTC(2000, 2, 1) / 86_400_000);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(daysFromCivil(1600, 2, 29)).toBe(Date.UTC(1600, 1, 29) / 86_400_000);
  });
});
