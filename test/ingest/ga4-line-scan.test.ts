import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { quarantineRows, REPO, seeded as rng, tempDir } from "../helpers.js";
import { Ga4Exploder } from "../../src/ingest/sources/ga4.js";
import { JsonlBatch, type Scalar } from "../../src/io/jsonl-batch.js";
import { CELL_BYTES, CELL_NUMBER, type RawBatch } from "../../src/io/raw-batch.js";
import { RecordRowsBatch } from "../../src/io/record-rows-batch.js";

/**
 * The GA4 line scanner must give, for every line it reads, exactly the rows, counts and duplicate checks of
 * Ga4Exploder.explode(JSON.parse(line)); a line it does not read (returns false) is left to JSON.parse. The oracle is
 * the record path itself, on random lines: escapes, unicode, numbers in every JSON form, nested arrays and objects,
 * repeated fields, values of the wrong kind, whitespace, repeated records (duplicates) and broken lines.
 */

/** A JSON object with its members in order (repeats allowed: JSON.parse keeps the last). */
class Obj {
  constructor(readonly members: [string, Value][]) {}
}
type Value = string | number | boolean | null | Obj | Value[] | { raw: string };

function gen(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  /** Half the lines are wild (values of every kind, escapes); the others hold the export's usual values. */
  let wild = false;
  const ws = () => (r() < 0.85 ? "" : pick([" ", "\t", "  ", "\r\n ", "\n"]));
  /** A string as JSON text, each character raw or (at random) escaped (astral ones as their two halves). */
  const hex4 = (c: number) => c.toString(16).padStart(4, "0");
  const enc = (s: string): string => {
    let out = '"';
    for (const ch of s) {
      const c = ch.codePointAt(0)!;
      if (ch === '"' || ch === "\\") out += "\\" + ch;
      else if (c < 0x20) out += pick([`\\u${hex4(c)}`, JSON.stringify(ch).slice(1, -1)]);
      else if (wild && r() < 0.08) for (let k = 0; k < ch.length; k++) out += `\\u${hex4(ch.charCodeAt(k))}`;
      else if (ch === "/" && r() < 0.5) out += "\\/";
      else out += ch;
    }
    return out + '"';
  };
  const text = (v: Value): string => {
    if (v === null) return "null";
    if (typeof v === "string") return enc(v);
    if (typeof v === "number") return JSON.stringify(v);
    if (typeof v === "boolean") return String(v);
    if (Array.isArray(v)) return `[${ws()}${v.map((x) => `${ws()}${text(x)}${ws()}`).join(",")}${ws()}]`;
    if (v instanceof Obj)
      return `{${ws()}${v.members.map(([k, x]) => `${ws()}${enc(k)}${ws()}:${ws()}${text(x)}${ws()}`).join(",")}${ws()}}`;
    return v.raw;
  };
  const words = ["SKU1", "12", "a b", "é", "中文", "😀", 'q"uote', "back\\slash", "tab\t", "/", "(not set)", "", "x"];
  const str = () => Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(words)).join("");
  const numberText = () =>
    pick(["12", "-3", "0", "-0", "12.50", "1e3", "1E-2", "0.1", "123456789012345678", "1709280000123456", "5.25"]);
  const num = (): Value => ({ raw: numberText() });
  const nested = (depth: number): Value =>
    depth <= 0 || r() < 0.3
      ? pick<() => Value>([str, num, () => null, () => true])()
      : r() < 0.5
        ? Array.from({ length: Math.floor(r() * 3) }, () => nested(depth - 1))
        : new Obj(
            Array.from({ length: Math.floor(r() * 3) }, () => [pick(["a", "b", "key", "item_id"]), nested(depth - 1)]),
          );
  /** An id or number field's value, mostly of the usual kind. */
  const id = (usual: () => Value): Value =>
    !wild || r() < 0.7
      ? usual()
      : pick<() => Value>([str, num, () => null, () => false, () => nested(2), () => "", () => "(not set)"])();
  const idText = () => pick(["1234.5678", "U1", "SKU9", "é-user", "(not set)", "", "C3", "中"]);
  const quoted = (t: string) => ({ raw: enc(t) });
  const param = (): Value => {
    if (r() < 0.1) return pick<Value>([null, 7, "x", [1]]);
    const members: [string, Value][] = [];
    const key = r() < 0.6 ? "ga_session_id" : pick(["page_location", "ga_session_number", "ga_session_i"]);
    const value = new Obj(
      (["int_value", "string_value", "double_value", "float_value"] as const)
        .filter(() => r() < 0.6)
        .map((k) => [
          k,
          r() < 0.4
            ? null
            : k === "string_value"
              ? id(() => quoted(idText()))
              : id(() => quoted(pick(["1709280000", "42", "7.5", "-1"]))),
        ]),
    );
    if (r() < 0.95) members.push(["key", r() < 0.9 ? key : pick<Value>([null, 5])]);
    if (r() < 0.9) members.push(["value", r() < 0.9 ? value : pick<Value>([null, "v", [value]])]);
    if (r() < 0.05) members.push(["key", "ga_session_id"]);
    if (r() < 0.2) members.push(["extra", nested(2)]);
    return new Obj(r() < 0.5 ? members : members.reverse());
  };
  const item = (): Value => {
    if (r() < 0.1) return pick<Value>([null, 3, [], "item"]);
    const members: [string, Value][] = [];
    if (r() < 0.9) members.push(["item_id", id(() => quoted(pick(["SKU1", "SKU2", "é", "SKU😀"])))]);
    if (r() < 0.8) members.push(["price", id(() => pick<Value>([num(), quoted(numberText()), quoted("abc")]))]);
    if (r() < 0.7) members.push(["quantity", id(() => pick<Value>([quoted("2"), { raw: "1" }, quoted("1.5")]))]);
    if (r() < 0.7) members.push(["item_category", id(() => quoted(pick(["C1", "Shoes/Men", "(not set)"])))]);
    if (r() < 0.3) members.push(["item_name", str()]);
    if (r() < 0.05) members.push(["price", num()]);
    return new Obj(members.sort(() => r() - 0.5));
  };
  return (): string => {
    wild = r() < 0.5;
    const members: [string, Value][] = [];
    const maybe = (k: string, v: () => Value, p = 0.9) => r() < p && members.push([k, v()]);
    maybe("event_timestamp", () =>
      id(() => pick<Value>([quoted("1709280000123456"), { raw: "1709280000123456" }, quoted("2024-03-01")])),
    );
    maybe("event_name", () =>
      id(() => quoted(pick(["view_item", "add_to_cart", "purchase", "page_view", "begin_checkout"]))),
    );
    maybe("user_id", () => (r() < 0.6 ? null : id(() => quoted(pick(["U1", "U2", "ü"])))), 0.8);
    maybe("user_pseudo_id", () => id(() => quoted(pick(["1.1", "2.2", "3.3"]))));
    maybe("event_bundle_sequence_id", () => id(() => pick<Value>([quoted("1"), { raw: "2" }, quoted("3")])), 0.8);
    maybe("event_params", () => (r() < 0.9 ? Array.from({ length: Math.floor(r() * 4) }, param) : nested(2)));
    maybe(
      "ecommerce",
      () => (r() < 0.8 ? new Obj([["transaction_id", id(() => quoted(pick(["T1", "T2"])))]]) : nested(1)),
      0.7,
    );
    maybe("items", () => (r() < 0.9 ? Array.from({ length: Math.floor(r() * 4) }, item) : nested(1)));
    maybe("device", () => nested(3), 0.5);
    if (r() < 0.05) members.push([pick(["event_name", "items", "user_id"]), str()]);
    const line = `${ws()}${text(new Obj(members.sort(() => r() - 0.5)))}${ws()}`;
    // now and then a broken line: cut short, a stray byte, a trailing comma
    const broken = r();
    if (broken < 0.03) return line.slice(0, Math.floor(r() * line.length));
    if (broken < 0.05) {
      const at = Math.floor(r() * line.length);
      return line.slice(0, at) + pick(["}", ",", '"', "\\", "\u0001", "]"]) + line.slice(at);
    }
    return line;
  };
}

/** A row's cells as comparable text: "b:<bytes>", "n:<number>" (Object.is kept: -0), or "-" (missing). */
function rowsOf(batch: RawBatch): string[][] {
  const out: string[][] = [];
  for (let r = 0; r < batch.length; r++)
    out.push(
      batch.cursors.map((c) => {
        const t = c.at(r);
        if (t === CELL_BYTES) return `b:${Buffer.from(c.buf.subarray(c.start, c.end)).toString("hex")}`;
        if (t === CELL_NUMBER) return `n:${Object.is(c.num, -0) ? "-0" : String(c.num)}`;
        return "-";
      }),
    );
  return out;
}

describe("Ga4LineScanner.scan", () => {
  it("reads a GA4 export line into the rows Ga4Exploder.explode gives its parsed record", () => {
    const line =
      '{"event_timestamp":"1709280000123456","event_name":"purchase","event_params":[{"key":"page_location","value":{"string_value":"https://x/\\u00e9"}},{"key":"ga_session_id","value":{"string_value":null,"int_value":"1709280000"}}],' +
      '"user_id":null,"user_pseudo_id":"123.456","ecommerce":{"transaction_id":"T9"},"items":[{"item_id":"SKU1","item_name":"Caf\\u00e9 \\"x\\"","price":12.5,"quantity":"2","item_category":"C1"},null,{"item_id":"é","price":"","item_category":"(not set)"}]}';
    const scanned = new Ga4Exploder();
    const batch = new RecordRowsBatch(scanned.lineScanner().perRecord);
    const bytes = new TextEncoder().encode(line);
    expect(scanned.lineScanner().scan(bytes, 0, bytes.length, 7, batch)).toBe(true);
    const rows = rowsOf(batch.finish());
    const hex = (s: string) => `b:${Buffer.from(s).toString("hex")}`;
    // ts, event, user, session, item, price, quantity, category, order
    expect(rows).toEqual([
      [
        "n:1709280000123",
        hex("purchase"),
        hex("123.456"),
        hex("123.456.1709280000"),
        hex("SKU1"),
        "n:12.5",
        "n:2",
        hex("C1"),
        hex("T9"),
      ],
      [
        "n:1709280000123",
        hex("purchase"),
        hex("123.456"),
        hex("123.456.1709280000"),
        hex("é"),
        "-",
        "-",
        "-",
        hex("T9"),
      ],
    ]);
    expect(batch.line(1)).toBe(7);
    expect(batch.raw(1)).toBe(line);
    expect(scanned.counts()).toMatchObject({ eventsWithUserId: 0, eventsWithAnonymousIdOnly: 1 });
  });

  it("leaves a line with an id written with escapes, or a repeated field, to JSON.parse and changes nothing", () => {
    const ex = new Ga4Exploder();
    const scanner = ex.lineScanner();
    const batch = new RecordRowsBatch(scanner.perRecord);
    for (const line of [
      '{"event_name":"view\\u005fitem","user_pseudo_id":"1","items":[]}',
      '{"event_name":"view_item","user_pseudo_id":"1","items":[],"items":[{"item_id":"A"}]}',
      '{"event_name":"view_item","user_pseudo_id":1,"items":[]}',
      '{"event_name":"view_item",}',
      '{"event_name":"view_item"} x',
      '{"event_name":"caf\xe9"}',
    ]) {
      const bytes = Buffer.from(line, "latin1");
      expect(scanner.scan(bytes, 0, bytes.length, 1, batch), line).toBe(false);
    }
    expect(batch.length).toBe(0);
    expect(ex.counts()).toMatchObject({ eventsWithUserId: 0, eventsWithAnonymousIdOnly: 0, duplicatesSkipped: 0 });
  });

  it("agrees with JSON.parse and Ga4Exploder.explode on 10,000 random lines, duplicates included", () => {
    const next = gen(0x24);
    const viaParse = new Ga4Exploder();
    const viaScan = new Ga4Exploder();
    const scanner = viaScan.lineScanner();
    const columns = viaParse.columns;
    let scanned = 0;
    let invalid = 0;
    const recent: string[] = [];
    for (let n = 0; n < 10_000; n++) {
      // a quarter of the lines repeat a recent one (an intraday duplicate), byte for byte
      const line = n % 4 === 3 && recent.length > 0 ? recent[n % recent.length] : next();
      recent[n % 50] = line;
      const bytes = new TextEncoder().encode(line);
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        record = undefined;
      }
      const expected = new JsonlBatch(columns);
      const isRecord = record !== null && typeof record === "object" && !Array.isArray(record);
      if (isRecord)
        viaParse.explode(record as Record<string, unknown>, (row: Scalar[]) => expected.add(n, row, () => line));
      const batch = new RecordRowsBatch(scanner.perRecord);
      if (scanner.scan(bytes, 0, bytes.length, n, batch)) {
        scanned++;
        expect(isRecord, line).toBe(true);
        expect(rowsOf(batch.finish()), line).toEqual(rowsOf(expected));
      } else if (isRecord) viaScan.explode(record as Record<string, unknown>, () => {});
      else invalid++;
      expect(viaScan.counts(), line).toEqual(viaParse.counts());
    }
    // the scanner reads a fifth of these lines (the others hold values it leaves to JSON.parse), broken ones never
    expect(scanned).toBeGreaterThan(1_500);
    expect(invalid).toBeGreaterThan(100);
    expect(viaParse.counts().duplicatesSkipped).toBeGreaterThan(1_500);
  });
});

describe("ingest --preset ga4 of JSON lines, scanned and parsed", () => {
  const tmp = tempDir("cartlift-ga4-scan-");
  it("gives the same events and counts when half the lines are left to JSON.parse (their names escaped)", async () => {
    const fixture = join(REPO, "test", "fixtures", "sources", "ga4", "events.jsonl");
    const lines = readFileSync(fixture, "utf8").split("\n");
    // "view_item" written as "view\u005fitem": the same record to JSON.parse, a line the scanner leaves to it
    const escaped = lines.map((l, k) => (k % 2 === 0 ? l.replace(/("event_name":"[^"_]*)_/, "$1\\u005f") : l));
    expect(escaped.filter((l, k) => l !== lines[k]).length).toBeGreaterThan(4);
    const mixed = tmp.file("mixed.jsonl", escaped.join("\n"));
    const plain = await ingest({ inputs: [fixture], out: tmp.path("plain"), preset: "ga4" });
    const both = await ingest({ inputs: [mixed], out: tmp.path("mixed"), preset: "ga4" });
    expect(readFileSync(tmp.path("mixed/events.arrow"))).toEqual(readFileSync(tmp.path("plain/events.arrow")));
    expect(both.mapping.sources[0].records).toEqual(plain.mapping.sources[0].records);
    expect([both.accepted, both.rejected]).toEqual([plain.accepted, plain.rejected]);
    expect(quarantineRows(tmp.path("mixed")).map((q) => [q.line, q.reason])).toEqual(
      quarantineRows(tmp.path("plain")).map((q) => [q.line, q.reason]),
    );
  });
});
