// A synthetic shop log of any size written straight to a cartlift dataset, batch by batch (bounded memory): users one
// after the other (so the rows are in dataset order), 1-6 sessions each, sessions of geometric length (mean 8), items
// from a Zipf-like popularity with local structure (the next item is often near the last one, so co-visitation has
// something to find). Deterministic in (events, seed). Used by bench/scale.mjs; `node bench/scale-data.mjs <n> <dir>`.
import { existsSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BATCH = 1 << 20;

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** Per user: sessions and their lengths, from the structure stream only (so a first pass can count them). */
function* structure(events, seed) {
  const r = rng(seed);
  let left = events;
  while (left > 0) {
    const sessions = 1 + Math.floor(r() * 6);
    const lengths = [];
    for (let s = 0; s < sessions && left > 0; s++) {
      const n = Math.min(left, 1 + Math.floor(Math.log(1 - r()) / Math.log(7 / 8)));
      lengths.push(n);
      left -= n;
    }
    yield lengths;
  }
}

export async function writeSyntheticDataset(
  dir,
  events,
  { seed = 7, items = Math.max(1000, Math.round(events / 100)) } = {},
) {
  const { writeDatasetBatches } = await import(join(ROOT, "dist/io/write-dataset.js"));
  const { Dictionary } = await import(join(ROOT, "dist/data/dictionary.js"));
  const { DATASET_FORMAT, DATASET_SCHEMA_VERSION, EVENTS_FILE } = await import(join(ROOT, "dist/io/dataset-format.js"));
  let users = 0;
  let sessions = 0;
  for (const l of structure(events, seed)) {
    users++;
    sessions += l.length;
  }
  const ids = (p, n) =>
    Dictionary.fromStrings(
      (function* () {
        for (let i = 0; i < n; i++) yield p + i;
      })(),
    );
  const dicts = {
    user: ids("u", users),
    session: ids("s", sessions),
    item: ids("i", items),
    category: ids("c", 50),
    order: new Dictionary(),
  };
  const c = {
    ts: new Float64Array(BATCH),
    user: new Int32Array(BATCH),
    session: new Int32Array(BATCH),
    item: new Int32Array(BATCH),
    kind: new Uint8Array(BATCH),
    price: new Float64Array(BATCH),
    quantity: new Int32Array(BATCH),
    category: new Int32Array(BATCH),
    order: new Int32Array(BATCH).fill(-1),
  };
  const byType = new Array(8).fill(0);
  const t0 = Date.UTC(2024, 0, 1);
  const days = 28;
  let tMax = t0;
  function* batches() {
    const r = rng(seed * 31 + 1);
    let at = 0;
    let u = 0;
    let s = 0;
    for (const lengths of structure(events, seed)) {
      let t = t0 + Math.floor(r() * days * 86_400_000 * 0.5);
      for (const n of lengths) {
        let item = Math.floor(items * Math.pow(r(), 3));
        for (let j = 0; j < n; j++) {
          const x = r();
          item =
            x < 0.5 ? (item + 1 + Math.floor(r() * 5)) % items : x < 0.8 ? item : Math.floor(items * Math.pow(r(), 3));
          const k = r() < 0.9 ? 0 : r() < 0.8 ? 1 : 5;
          c.ts[at] = t;
          c.user[at] = u;
          c.session[at] = s;
          c.item[at] = item;
          c.kind[at] = k;
          c.price[at] = 1 + (item % 97);
          c.quantity[at] = 1;
          c.category[at] = item % 50;
          byType[k]++;
          if (t > tMax) tMax = t;
          t += 20_000 + Math.floor(r() * 100_000);
          if (++at === BATCH) {
            yield { columns: c, length: at };
            at = 0;
          }
        }
        s++;
        t += 3_600_000 + Math.floor(r() * 3 * 86_400_000);
      }
      u++;
    }
    if (at > 0) yield { columns: c, length: at };
  }
  const kinds = [
    "view",
    "cart_add",
    "cart_remove",
    "wishlist_add",
    "wishlist_remove",
    "purchase",
    "return",
    "checkout",
  ];
  const manifest = {
    format: DATASET_FORMAT,
    schemaVersion: DATASET_SCHEMA_VERSION,
    cartliftVersion: "bench",
    files: { events: EVENTS_FILE, quarantine: null },
    sources: [
      {
        path: `synthetic:${events}:${seed}`,
        bytes: 0,
        sha256: "",
        format: "synthetic",
        preset: null,
        variant: null,
        read: events,
        accepted: events,
        rejected: 0,
      },
    ],
    events,
    eventsByType: Object.fromEntries(kinds.map((k) => [k, 0])),
    users,
    items,
    sessions,
    categories: 50,
    orders: 0,
    timeSpan: { from: null, to: null, days: 0 },
    counts: { read: events, accepted: events, rejected: 0, rejectedByReason: {} },
    ingest: { sessionGapMs: 1_800_000, derivedSessions: 0, tz: "UTC", appends: 0 },
  };
  // counts known only after the batches: the writer asks for the manifest when they are written
  const { eventsBytes } = writeDatasetBatches(dir, dicts, batches(), () => ({
    ...manifest,
    eventsByType: Object.fromEntries(kinds.map((k, i) => [k, byType[i]])),
    timeSpan: { from: new Date(t0).toISOString(), to: new Date(tMax).toISOString(), days: (tMax - t0) / 86_400_000 },
  }));
  return { users, sessions, items, eventsBytes };
}

/** The dataset of `events` events, generated once into bench/.data/scale/ and reused. */
export async function cachedSynthetic(events) {
  const dir = join(ROOT, "bench", ".data", "scale", `synthetic-${events}`);
  if (!existsSync(join(dir, "manifest.json"))) await writeSyntheticDataset(dir, events);
  return dir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [n, dir] = process.argv.slice(2);
  const t = performance.now();
  const r = await writeSyntheticDataset(resolve(dir), Number(n));
  console.log(JSON.stringify({ ...r, seconds: (performance.now() - t) / 1000 }));
}
