export type SortableColumn = "ts" | "user" | "session" | "item" | "kind" | "price" | "quantity" | "category" | "order";

/** Growable typed columns that the ingest normaliser appends events to (amortised doubling). */
export class EventColumns {
  length = 0;
  ts: Float64Array;
  user: Int32Array;
  session: Int32Array;
  item: Int32Array;
  kind: Uint8Array;
  price: Float64Array;
  quantity: Int32Array;
  category: Int32Array;
  order: Int32Array;
  /** Where each event came from (source index, line), for duplicate reports on --append. */
  source: Int32Array;
  line: Int32Array;

  constructor(capacity = 1 << 16) {
    this.ts = new Float64Array(capacity);
    this.user = new Int32Array(capacity);
    this.session = new Int32Array(capacity);
    this.item = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.price = new Float64Array(capacity);
    this.quantity = new Int32Array(capacity);
    this.category = new Int32Array(capacity);
    this.order = new Int32Array(capacity);
    this.source = new Int32Array(capacity);
    this.line = new Int32Array(capacity);
  }

  /** Hands over a column and drops this object's reference to it (so it can be freed early). */
  release<K extends SortableColumn>(k: K): EventColumns[K] {
    const col = this[k];
    (this as Record<K, unknown>)[k] = new (col.constructor as new (n: number) => EventColumns[K])(0);
    return col;
  }

  /** Drops every column (the events went elsewhere: an external sort's runs). */
  releaseAll(): void {
    for (const k of ["ts", "user", "session", "item", "kind", "price", "quantity", "category", "order"] as const)
      this.release(k);
    this.releaseProvenance();
    this.length = 0;
  }

  releaseProvenance(): void {
    this.source = new Int32Array(0);
    this.line = new Int32Array(0);
  }

  get capacity(): number {
    return this.ts.length;
  }

  /** Makes room for one more event; call before writing at index `length`. */
  reserve(): void {
    if (this.length < this.ts.length) return;
    this.ensureCapacity(this.ts.length * 2);
  }

  /** Grows once to an expected size (from file size / bytes per row), saving the doubling copies. */
  ensureCapacity(cap: number): void {
    if (cap <= this.ts.length) return;
    this.ts = grow(this.ts, new Float64Array(cap));
    this.user = grow(this.user, new Int32Array(cap));
    this.session = grow(this.session, new Int32Array(cap));
    this.item = grow(this.item, new Int32Array(cap));
    this.kind = grow(this.kind, new Uint8Array(cap));
    this.price = grow(this.price, new Float64Array(cap));
    this.quantity = grow(this.quantity, new Int32Array(cap));
    this.category = grow(this.category, new Int32Array(cap));
    this.order = grow(this.order, new Int32Array(cap));
    this.source = grow(this.source, new Int32Array(cap));
    this.line = grow(this.line, new Int32Array(cap));
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
