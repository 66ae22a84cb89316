#!/usr/bin/env node
// Three loops of the GA4 Parquet read in isolation (docs/sources.md, "Sixth pass"): the duplicate key's hashing, the
// first write of 3M rows to the eleven output columns in fresh and in written memory, and a batch's spans and numbers
// allocated per batch against reused. Milliseconds, the median of 5 rounds, with the load average.
//
//   node bench/ga4-loops.mjs [dist folder, default ../dist]

import { loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dist = resolve(process.argv[2] ?? new URL("../dist", import.meta.url).pathname);
const load = async (p) => import(pathToFileURL(resolve(dist, p)).href);
const { KeyHasher } = await load("ingest/sources/nested-values.js");
const { EventColumns } = await load("data/event-columns.js");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const rounds = (f) => median(Array.from({ length: 5 }, f)).toFixed(0);

// 500k keys shaped as GA4's: "<16-byte pseudo id>|<16-digit time>|<name>|<bundle>"
const n = 500_000;
const buf = new Uint8Array(n * 16);
for (let i = 0; i < buf.length; i++) buf[i] = 48 + ((i * 7919) % 10);
const spans = { buf, alt: buf, starts: new Int32Array(n), ends: new Int32Array(n) };
for (let i = 0; i < n; i++) [spans.starts[i], spans.ends[i]] = [i * 16, i * 16 + 16];
const k = new KeyHasher();
let sink = 0;
const hashing = rounds(() =>
  time(() => {
    for (let e = 0; e < n; e++) {
      k.reset()
        .spanOrNull(spans, e)
        .sep()
        .integer(1_709_280_000_000_000 + e * 2_592_000);
      sink += k
        .sep()
        .spanOrNull(spans, (e * 7) % n)
        .sep()
        .number(e)
        .value();
    }
  }),
);

const fill = (out) => {
  for (let r = 0; r < 3_000_000; r++) {
    out.reserve();
    const i = out.length++;
    out.ts[i] = r;
    out.user[i] = r & 1023;
    out.session[i] = r;
    out.item[i] = r & 4095;
    out.kind[i] = r & 3;
    out.price[i] = 1.5;
    out.quantity[i] = 1;
    out.category[i] = 3;
    out.order[i] = -1;
    out.source[i] = 0;
    out.line[i] = r;
  }
};
const fresh = [];
const written = [];
for (let round = 0; round < 5; round++) {
  const out = new EventColumns();
  out.ensureCapacity(3_150_000);
  fresh.push(time(() => fill(out)));
  out.length = 0;
  written.push(time(() => fill(out)));
}

// one batch of 16k events and 48k item rows: about the arrays the explode makes
const [events, rows] = [16_384, 49_152];
const arrays = () => [
  ...Array.from({ length: 8 }, () => new Int32Array(events)),
  new Uint8Array(events * 32),
  new Float64Array(events),
  new Float64Array(events),
  ...Array.from({ length: 6 }, () => new Int32Array(rows)),
  new Float64Array(rows),
  new Float64Array(rows),
];
const touch = (list) => {
  for (const a of list) for (let i = 0; i < a.length; i++) a[i] = i;
};
const perBatch = rounds(() => time(() => Array.from({ length: 61 }, () => touch(arrays()))));
const kept = arrays();
const reused = rounds(() => time(() => Array.from({ length: 61 }, () => touch(kept))));

console.log(
  `dist: ${dist}; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
console.log(`duplicate keys hashed (500k): ${hashing} ms`);
console.log(
  `3M rows into the output columns: fresh memory ${median(fresh).toFixed(0)} ms, written ${median(written).toFixed(0)} ms`,
);
console.log(`61 batches' spans and numbers: allocated per batch ${perBatch} ms, reused ${reused} ms`);
if (sink === 0.5) console.log(""); // keeps the hashes used
