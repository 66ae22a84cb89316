import { describe, expect, it } from "vitest";
import { closeSync, openSync, readFileSync } from "node:fs";
import { Dictionary } from "../../src/data/dictionary.js";
import { EVENT_KINDS } from "../../src/data/event-kind.js";
import { BatchQuery, readQueryJson } from "../../src/ingest/batch-query.js";
import { scanQueryLine } from "../../src/ingest/batch-query-scanner.js";
import { skipJsonValue, skipSpace } from "../../src/io/json-bytes.js";
import { RecsWriter } from "../../src/io/recs-writer.js";
import { seeded, tempDir } from "../helpers.js";

const tmp = tempDir();
const IDS = [
  "sku-1",
  "sku-22",
  "123",
  "-7",
  "é-ü",
  "日本-5",
  'a"b',
  "c\\d",
  "tab\there",
  "\u2028x",
  "😀",
  "x".repeat(40),
];
const items = Dictionary.fromStrings(IDS);
const encoder = new TextEncoder();

/** The line as bytes with a newline after it (the scanner's contract). */
function lineBytes(text: string | Uint8Array): { b: Uint8Array; end: number } {
  const body = typeof text === "string" ? encoder.encode(text) : text;
  const b = new Uint8Array(body.length + 1);
  b.set(body);
  b[body.length] = 10;
  return { b, end: body.length };
}

function fields(q: BatchQuery) {
  return {
    id: Buffer.from(q.id.subarray(0, q.idLength)).toString("latin1"),
    items: Array.from(q.items.subarray(0, q.size)),
    kinds: Array.from(q.kinds.subarray(0, q.size)),
    // NaN compares equal to NaN in toEqual; -0 and 0 are told apart by Object.is
    times: Array.from(q.times.subarray(0, q.size)),
    k: q.k,
    exclude: Array.from(q.exclude.subarray(0, q.excluded)),
  };
}

/** JSON text with random whitespace and, sometimes, \\u escapes: every way a tool may write a line. */
function writer(rnd: () => number) {
  const ws = () => [" ", "", "", "\t", "  ", "\r"][Math.floor(rnd() * 6)];
  const str = (s: string) => {
    if (rnd() < 0.03)
      return JSON.stringify(s).replace(/[a-z]/, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    return JSON.stringify(s);
  };
  const write = (v: unknown): string => {
    if (typeof v === "string") return str(v);
    if (Array.isArray(v)) return `[${ws()}${v.map((x) => write(x)).join(`${ws()},${ws()}`)}${ws()}]`;
    if (v !== null && typeof v === "object")
      return `{${ws()}${Object.entries(v)
        .map(([key, x]) => `${str(key)}${ws()}:${ws()}${write(x)}`)
        .join(`${ws()},${ws()}`)}${ws()}}`;
    if (typeof v === "number" && rnd() < 0.1 && Number.isInteger(v)) return `${v}.0`;
    return JSON.stringify(v);
  };
  return write;
}

function randomQuery(rnd: () => number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  // mostly what tools write, sometimes the odd value (which JSON.parse reads or rejects)
  const either = <T, U>(usual: readonly T[], odd: readonly U[]): T | U => (rnd() < 0.9 ? pick(usual) : pick(odd));
  const id = either(
    [1, 0, -3, 123456789012345, "q-1", "é"],
    [Number("1234567890123456789"), 1.5, 2e3, 'a"b', null, true, { x: 1 }, [1]],
  );
  const event = () => {
    const e: Record<string, unknown> = {};
    const keys = ["item", "event", "ts", "price"].filter(() => rnd() < 0.8);
    if (rnd() < 0.9 && !keys.includes("item")) keys.unshift("item");
    for (const key of keys.sort(() => rnd() - 0.5)) {
      if (key === "item") e.item = either([...IDS, "unknown", 123, -7], [1.5, null]);
      if (key === "event") e.event = either(EVENT_KINDS, ["click", 3, null]);
      if (key === "ts") e.ts = either([1_700_000_000_000, 0, -0, 1.7e12, 12.25], ["yesterday", null]);
      if (key === "price") e.price = pick([9.99, "x", [1, { y: null }], false]);
    }
    return e;
  };
  const q: Record<string, unknown> = {};
  const keys = ["id", "history", "k", "exclude", "user"].filter((key) =>
    key === "id" || key === "history" ? rnd() < 0.95 : rnd() < 0.3,
  );
  for (const key of keys.sort(() => rnd() - 0.5)) {
    if (key === "id") q.id = id;
    if (key === "history") q.history = rnd() < 0.05 ? "nope" : Array.from({ length: Math.floor(rnd() * 5) }, event);
    if (key === "k") q.k = either([3, 1, 20], [0, 2.5, "4", null]);
    if (key === "exclude")
      q.exclude =
        rnd() < 0.2 ? "sku-1" : Array.from({ length: Math.floor(rnd() * 3) }, () => pick([...IDS, "unknown", 7]));
    if (key === "user") q.user = pick(["u1", { nested: [1, 2, { deep: "x" }] }, 5]);
  }
  return q;
}

function mutate(text: Uint8Array, rnd: () => number): Uint8Array {
  const b = Array.from(text);
  const noise = Array.from('{}[]",:\\ 0123456789eE.-+tfnul\u0000', (c) => c.charCodeAt(0)).concat([
    0xc3, 0xa9, 0xff, 0xed, 0xa0, 0x80,
  ]);
  for (let m = 1 + Math.floor(rnd() * 3); m > 0; m--) {
    const at = Math.floor(rnd() * (b.length + 1));
    const r = rnd();
    if (r < 0.3) b.splice(at, 1);
    else if (r < 0.6) b.splice(at, 0, noise[Math.floor(rnd() * noise.length)]);
    else if (r < 0.8) b[at] = noise[Math.floor(rnd() * noise.length)];
    else b.length = at;
  }
  return Uint8Array.from(b.filter((x) => x !== undefined && x !== 10));
}

describe("scanQueryLine (batch query lines read from bytes)", () => {
  it("reads every line it accepts exactly as readQueryJson (JSON.parse) does, and declines every line JSON.parse rejects", () => {
    const rnd = seeded(11);
    const write = writer(rnd);
    const decoder = new TextDecoder();
    let accepted = 0;
    let tried = 0;
    let invalid = 0;
    for (let n = 0; n < 20000; n++) {
      const valid = encoder.encode(write(randomQuery(rnd)));
      const body = n % 3 === 2 ? mutate(valid, rnd) : valid;
      const { b, end } = lineBytes(body);
      const scanned = new BatchQuery();
      const ok = scanQueryLine(b, 0, end, items, scanned);
      const parsed = new BatchQuery();
      let error: unknown;
      try {
        readQueryJson(decoder.decode(body), items, parsed, "q.jsonl", 1);
      } catch (e) {
        error = e;
      }
      tried++;
      if (error) invalid++;
      if (!ok) continue;
      accepted++;
      expect(error, decoder.decode(body)).toBeUndefined();
      const [s, p] = [fields(scanned), fields(parsed)];
      expect(s, decoder.decode(body)).toEqual(p);
      expect(
        s.times.map((t) => Object.is(t, -0)),
        decoder.decode(body),
      ).toEqual(p.times.map((t) => Object.is(t, -0)));
    }
    // the mix has lines of every kind: many taken by the scanner, many left to JSON.parse, many errors
    expect(accepted / tried).toBeGreaterThan(0.1);
    expect(invalid / tried).toBeGreaterThan(0.2);
    expect(accepted + invalid).toBeLessThan(tried);
  });

  it("takes the plain lines other tools write (JSON.stringify, any key order, unknown items, extra keys)", () => {
    const lines = [
      {
        id: 7,
        history: [
          { item: "sku-1", event: "view", ts: 1_700_000_000_000 },
          { item: "sku-22", event: "cart_add", ts: 1_700_000_060_000 },
        ],
      },
      {
        history: [{ ts: 5, item: "unknown" }, { item: 123 }],
        id: "q-1",
        k: 5,
        exclude: ["sku-1", "nope"],
        session: { n: [1, 2.5e-3, null, true] },
      },
      { id: "日本", history: [{ item: "日本-5", price: 12.5 }] },
      { id: 0, history: [] },
    ];
    for (const value of lines) {
      const text = JSON.stringify(value);
      const { b, end } = lineBytes(text);
      const scanned = new BatchQuery();
      expect(scanQueryLine(b, 0, end, items, scanned), text).toBe(true);
      const parsed = new BatchQuery();
      readQueryJson(text, items, parsed, "q.jsonl", 1);
      expect(fields(scanned)).toEqual(fields(parsed));
    }
  });

  it("leaves to JSON.parse what it cannot copy as is: escaped ids, long or negative-zero numbers as ids, repeated keys", () => {
    for (const text of [
      '{"id": "a\\"b", "history": []}',
      '{"id": 12345678901234567, "history": []}',
      '{"id": -0, "history": []}',
      '{"id": 1, "history": [], "id": 2}',
      '{"id": 1, "history": [{"item": "sku-1", "item": "sku-22"}]}',
      '{"id": 1, "history": [{"item": "\\u0073ku-1"}]}',
    ]) {
      const { b, end } = lineBytes(text);
      expect(scanQueryLine(b, 0, end, items, new BatchQuery()), text).toBe(false);
      expect(() => readQueryJson(text, items, new BatchQuery(), "q.jsonl", 1)).not.toThrow();
    }
  });

  it("refuses a line asking for more than 10,000 items (it would allocate gigabytes), naming file and line", () => {
    const text = '{"id": 1, "history": [], "k": 1000000000}';
    const { b, end } = lineBytes(text);
    expect(scanQueryLine(b, 0, end, items, new BatchQuery())).toBe(false);
    expect(() => readQueryJson(text, items, new BatchQuery(), "q.jsonl", 7)).toThrow(
      'q.jsonl:7: "k" must be a whole number from 1 to 10,000',
    );
  });
});

describe("skipJsonValue", () => {
  it("accepts exactly the texts JSON.parse accepts (random values, then mutated)", () => {
    const rnd = seeded(3);
    const write = writer(rnd);
    const value = (depth: number): unknown => {
      const r = rnd();
      if (depth > 3 || r < 0.4) return [0, -1.5e-7, 1e21, "s", "é\u0001", true, null, 12][Math.floor(rnd() * 8)];
      if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, (_, x) => [`k${x}`, value(depth + 1)]));
    };
    let valid = 0;
    for (let n = 0; n < 20000; n++) {
      let body: Uint8Array = encoder.encode(write(value(0)));
      if (n % 2 === 1) body = mutate(body, rnd);
      const { b, end } = lineBytes(body);
      const e = skipJsonValue(b, skipSpace(b, 0, end), end);
      const ours = e >= 0 && skipSpace(b, e, end) === end;
      let theirs = true;
      try {
        JSON.parse(new TextDecoder().decode(body));
      } catch {
        theirs = false;
      }
      if (theirs) valid++;
      expect(ours, new TextDecoder().decode(body)).toBe(theirs);
    }
    expect(valid).toBeGreaterThan(10000);
  });
});

describe("RecsWriter", () => {
  it("writes each answer as JSON.stringify({id, items, scores}) would, escapes and odd numbers included", () => {
    const path = tmp.path("recs.jsonl");
    const fd = openSync(path, "w");
    const w = new RecsWriter(fd, items);
    const expected: string[] = [];
    const rnd = seeded(9);
    for (let n = 0; n < 3000; n++) {
      const codes = Int32Array.from({ length: Math.floor(rnd() * 25) }, () => Math.floor(rnd() * IDS.length));
      const scores = Float32Array.from(
        codes,
        () => [rnd() * 30, -0, NaN, Infinity, 1e-7, 3e38, 0.1, -2][Math.floor(rnd() * 8)],
      );
      const id = n % 2 ? JSON.stringify(`q${n}`) : String(n);
      w.write(encoder.encode(id), encoder.encode(id).length, codes, scores);
      expected.push(
        JSON.stringify({ id: JSON.parse(id), items: Array.from(codes, (c) => IDS[c]), scores: Array.from(scores) }),
      );
    }
    w.flush();
    closeSync(fd);
    expect(readFileSync(path, "utf8")).toBe(expected.join("\n") + "\n");
  });
});
