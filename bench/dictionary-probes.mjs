#!/usr/bin/env node
// The dictionary lookups of one thread of the GA4 bench's 2-thread read, alone: per event a user (a pseudo id of 16
// bytes, or a login id "U<n>" for 30% of events, among 100k users) and three items ("SKU<n>", among 50k), in the
// export's random order. Prints the CPU seconds of the lookups (user + system) and the dictionaries' sizes. Needs
// `npm run build`; compare builds by running it on each in turn.
//
//   node bench/dictionary-probes.mjs [events]

import { Dictionary } from "../dist/data/dictionary.js";
import { rng } from "./lib.mjs";

const events = Number(process.argv[2] ?? 1_500_000);
const encoder = new TextEncoder();

const r = rng(7);
const buf = new Uint8Array(events * 50);
const items = new Int32Array(events * 6);
const users = new Int32Array(events * 2);
let at = 0;
const put = (text, spans, i) => {
  const n = encoder.encodeInto(text, buf.subarray(at)).written;
  spans[2 * i] = at;
  at += n;
  spans[2 * i + 1] = at;
};
for (let i = 0; i < events * 3; i++) put(`SKU${Math.floor(r() * 50_000)}`, items, i);
for (let i = 0; i < events; i++) {
  const u = Math.floor(r() * 100_000);
  put(r() < 0.3 ? `U${u}` : `${u}.${1_700_000_000 + u}`, users, i);
}

const t0 = process.cpuUsage();
// sized as a part's reader sizes them (nested-part.ts)
const item = new Dictionary(1 << 14);
const user = new Dictionary(events >> 2);
let sum = 0;
for (let e = 0; e < events; e++) {
  sum += user.internBytes(buf, users[2 * e], users[2 * e + 1]);
  for (let k = 0; k < 3; k++) sum += item.internBytes(buf, items[6 * e + 2 * k], items[6 * e + 2 * k + 1]);
}
const cpu = process.cpuUsage(t0);
const seconds = (cpu.user + cpu.system) / 1e6;
console.log(
  JSON.stringify({ events, lookups: events * 4, cpuSeconds: seconds, items: item.size, users: user.size, sum }),
);
