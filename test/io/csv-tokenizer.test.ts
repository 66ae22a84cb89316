import { describe, expect, it } from "vitest";
import { openCsv } from "../../src/io/read-csv.js";
import { tempDir } from "../helpers.js";
import {
  CsvTokenizer,
  FLAG_BAD_QUOTE,
  FLAG_UNESCAPED,
  sniffDelimiter,
  splitHeader,
} from "../../src/io/csv-tokenizer.js";

interface Rec {
  fields: string[];
  count: number;
  line: number;
  raw: string;
  flags: number;
}

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/**
 * Feeds `chunks` to one tokenizer the way the CSV reader does: each call sees the unconsumed tail of
 * the previous data plus the next chunk, and the last call is final. Copies everything out at once,
 * since the tokenizer reuses its arrays and unescapes in place.
 */
function tokenizeChunks(chunks: Uint8Array[], width: number, delimiter = ","): { records: Rec[]; openQuote: boolean } {
  const tok = new CsvTokenizer(delimiter.charCodeAt(0), width);
  const records: Rec[] = [];
  let carry = new Uint8Array(0);
  let line = 1;
  let openQuote = false;
  for (let c = 0; c < chunks.length; c++) {
    const data = new Uint8Array(carry.length + chunks[c].length);
    data.set(carry);
    data.set(chunks[c], carry.length);
    const final = c === chunks.length - 1;
    const rawBefore = new Map<number, string>();
    const out = tok.tokenize(data, line, final, rawBefore);
    for (let r = 0; r < out.count; r++) {
      const fields: string[] = [];
      for (let f = 0; f < Math.min(width, out.fieldCounts[r]); f++)
        fields.push(dec(data.subarray(out.starts[r * width + f], out.ends[r * width + f])));
      records.push({
        fields,
        count: out.fieldCounts[r],
        line: out.lines[r],
        raw: rawBefore.get(r) ?? dec(data.subarray(out.recStart[r], out.recEnd[r])),
        flags: out.flags[r],
      });
    }
    openQuote = out.openQuote;
    line += out.linesConsumed;
    carry = data.slice(out.consumed);
  }
  return { records, openQuote };
}

const whole = (text: string, width: number, delimiter = ",") => tokenizeChunks([enc(text)], width, delimiter);

describe("CsvTokenizer", () => {
  it("tokenize(buf) splits plain records on the delimiter and LF, numbering lines from 1", () => {
    const { records } = whole("a,b,c\n1,2,3\n", 3);
    expect(records.map((r) => [r.fields, r.line])).toEqual([
      [["a", "b", "c"], 1],
      [["1", "2", "3"], 2],
    ]);
  });

  it("tokenize(buf) reads quoted fields with delimiters, doubled quotes and embedded newlines", () => {
    const { records } = whole('x,"a,b","say ""hi"""\n"two\nlines",y,""\n', 3);
    expect(records.map((r) => r.fields)).toEqual([
      ["x", "a,b", 'say "hi"'],
      ["two\nlines", "y", ""],
    ]);
    // the second record starts on physical line 2 and spans two lines
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    // a record whose quotes were unescaped keeps its raw text for quarantine
    expect(records[0].flags & FLAG_UNESCAPED).toBe(FLAG_UNESCAPED);
    expect(records[0].raw).toBe('x,"a,b","say ""hi"""');
  });

  it("tokenize(buf) accepts CRLF line ends and skips blank lines (LF or CRLF)", () => {
    const { records } = whole("a,b\r\n\r\n1,2\r\n\n3,4", 2);
    expect(records.map((r) => [r.fields, r.line])).toEqual([
      [["a", "b"], 1],
      [["1", "2"], 3],
      [["3", "4"], 5],
    ]);
  });

  it("tokenize(buf) reports the number of fields found when a record has too few or too many", () => {
    const { records } = whole("1,2,3\n4,5\n6,7,8,9\n", 3);
    expect(records.map((r) => r.count)).toEqual([3, 2, 4]);
    expect(records[1].fields).toEqual(["4", "5"]);
    expect(records[2].fields).toEqual(["6", "7", "8"]);
  });

  it("tokenize(buf) flags text after a closing quote and a quote never closed at the end", () => {
    expect(whole('"a"b,c\n', 2).records[0].flags & FLAG_BAD_QUOTE).toBe(FLAG_BAD_QUOTE);
    const open = whole('1,2\n3,"never closed\n', 2);
    expect(open.openQuote).toBe(true);
    expect(open.records.map((r) => r.fields)).toEqual([
      ["1", "2"],
      ["3", "never closed\n"],
    ]);
  });

  it("tokenize(buf) honours another delimiter (';' and tab) and leaves commas alone then", () => {
    expect(whole("1;NA;81,766\n", 3, ";").records[0].fields).toEqual(["1", "NA", "81,766"]);
    expect(whole("196\t242\t3\t881250949\n", 4, "\t").records[0].fields).toEqual(["196", "242", "3", "881250949"]);
  });

  // Every record kind at once: quotes, doubled quotes, embedded delimiter and newlines, CRLF, a blank
  // line, an empty last field, a multi-byte character and no final newline.
  const SAMPLE = 'id,"na,me",note\r\n7,"a ""q""",\r\n\r\n"8\nx",é,"l1\r\nl2"\n9,,"z"""';

  it("tokenize(buf) reads the sample in one piece as hand-parsed", () => {
    const { records, openQuote } = whole(SAMPLE, 3);
    expect(openQuote).toBe(false);
    expect(records.map((r) => [r.fields, r.line, r.count])).toEqual([
      [["id", "na,me", "note"], 1, 3],
      [["7", 'a "q"', ""], 2, 3],
      [["8\nx", "é", "l1\r\nl2"], 4, 3],
      [["9", "", 'z"'], 7, 3],
    ]);
  });

  it("tokenize(buf) gives the same records when the input is cut at every possible byte, once or twice", () => {
    const bytes = enc(SAMPLE);
    const expected = whole(SAMPLE, 3).records;
    const n = bytes.length;
    let checked = 0;
    for (let i = 0; i <= n; i++) {
      for (let j = i; j <= n; j++) {
        const got = tokenizeChunks([bytes.slice(0, i), bytes.slice(i, j), bytes.slice(j)], 3).records;
        expect(got, `cut at ${i} and ${j}`).toEqual(expected);
        checked++;
      }
    }
    expect(checked).toBe(((n + 1) * (n + 2)) / 2);
  });
});

describe("splitHeader and sniffDelimiter", () => {
  it("splitHeader(line, delimiter) trims names and unquotes them", () => {
    expect(splitHeader(enc(' event_time ,"user id",price'), 0x2c)).toEqual(["event_time", "user id", "price"]);
  });

  it("sniffDelimiter(sample) picks the delimiter that splits lines consistently", () => {
    expect(sniffDelimiter(enc("session_id;user_id;item_id;timeframe;eventdate\n1;NA;81766;526309;2016-05-09\n"))).toBe(
      ";",
    );
    expect(sniffDelimiter(enc("196\t242\t3\t881250949\n186\t302\t3\t891717742\n"))).toBe("\t");
    expect(sniffDelimiter(enc('a,b,"c;d"\n1,2,"x;y"\n'))).toBe(",");
    expect(sniffDelimiter(enc("a|b|c\n1|2|3\n"))).toBe("|");
    expect(sniffDelimiter(enc("single\nfield\n"))).toBe(",");
  });
});

describe("openCsv header", () => {
  const tmp = tempDir();
  it("openCsv(file) names unnamed header cells by position, so trailing delimiters are not duplicate columns", async () => {
    const file = tmp.file("trailing.csv", "ts,user,item,,\n1700000000,u1,i1,,\n");
    const source = await openCsv(file);
    expect(source.columns).toEqual(["ts", "user", "item", "_4", "_5"]);
  });
});
