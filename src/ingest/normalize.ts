import { EVENT_KINDS, EventKind, type EventKindName } from "../data/event-kind.js";
import type { EventColumns } from "../data/event-columns.js";
import type { EventDictionaries } from "../data/event-table.js";
import { RowError } from "../errors.js";
import { displayBytes } from "../io/display-bytes.js";
import type { QuarantineRow } from "../io/quarantine.js";
import { CELL_BYTES, CELL_MISSING, type CellCursor, type RawBatch } from "../io/raw-batch.js";
import { acceptRow } from "./accept-row.js";
import { EventNameMap } from "./event-name-map.js";
import { IdCells, NONE, RememberedCodes } from "./id-cells.js";
import type { IngestCounters } from "./ingest-counters.js";
import { parseNumber } from "./parse-number.js";
import { epochToMs, type DateOrder } from "./parse-time.js";
import { TimestampMemo } from "./timestamp-memo.js";
import type { SourceSpec } from "./presets.js";
import type { FieldColumns } from "./resolve-fields.js";
import type { LocalToUtc } from "./time-zone.js";
import { showText } from "../io/show-text.js";

export interface NormaliseContext {
  file: string;
  sourceIndex: number;
  columns: string[];
  fields: FieldColumns;
  spec: SourceSpec;
  /** --events overrides (raw -> canonical). */
  eventOverrides: Record<string, EventKindName>;
  dicts: EventDictionaries;
  out: EventColumns;
  /** Where rejected records go (the quarantine file). */
  rejects: { write(row: QuarantineRow): void };
  counters: IngestCounters;
  strict: boolean;
  local: LocalToUtc;
  dateOrder?: DateOrder;
}

export const REJECTED_PRICE = -1; // what price() returns for a row it rejected

/** User id prefix of anonymous rows (empty user, e.g. Diginetica "NA") in a log that has users. */
const ANONYMOUS_USER_PREFIX = "session:";

/**
 * Turns the records of one source into canonical events: parses and validates each cell, interns ids,
 * maps event names, and sends every rejected record to quarantine with its reason.
 */
export class SourceNormaliser {
  readonly counters = { read: 0, accepted: 0, unknownEvent: 0, leftOut: 0 };
  protected readonly eventNames: EventNameMap;
  protected readonly ids: IdCells;
  private readonly returnPrefix: Uint8Array | null;
  private readonly constantKind: number;
  /** Session code -> user code, for rows without a user (see anonymousUser). */
  private readonly anonymousUsers = new Map<number, number>();
  private readonly times: TimestampMemo;
  protected readonly decimalComma: boolean;
  protected readonly leaveOut: boolean;
  /** Last session of each user code, and category of each item code (IdCells.internRemembered's pairs). */
  protected readonly sessionOfUser = new RememberedCodes();
  protected readonly categoryOfItem = new RememberedCodes();

  constructor(protected readonly ctx: NormaliseContext) {
    this.leaveOut = ctx.spec.leaveOutUnknownEvents === true;
    this.eventNames = new EventNameMap({ ...(ctx.spec.events ?? {}), ...ctx.eventOverrides }, !this.leaveOut);
    this.ids = new IdCells(ctx.spec.nullValues ?? []);
    this.returnPrefix = ctx.spec.returnPrefix ? new TextEncoder().encode(ctx.spec.returnPrefix.prefix) : null;
    this.constantKind = ctx.spec.constantEvent ? EventKind[ctx.spec.constantEvent] : EventKind.view;
    this.times = new TimestampMemo(ctx.local, ctx.dateOrder);
    this.decimalComma = ctx.spec.decimalComma === true;
  }

  process(batch: RawBatch): void {
    const c = this.cursorsOf(batch);
    for (let r = 0; r < batch.length; r++) this.row(batch, r, c);
  }
  protected cursorsOf(batch: RawBatch): Record<string, CellCursor | null> {
    const f = this.ctx.fields;
    const cur = (i: number): CellCursor | null => (i >= 0 ? batch.cursors[i] : null);
    return {
      ts: cur(f.ts)!,
      tsOffset: cur(f.tsOffset),
      item: cur(f.item)!,
      event: cur(f.event),
      user: cur(f.user),
      session: cur(f.session),
      price: cur(f.price),
      quantity: cur(f.quantity),
      category: cur(f.category),
      order: cur(f.order),
      returnFlag: cur(f.returnFlag),
    };
  }

  /** Adds the event names read, their types and rows, to the ingest's counts (call once the source is read). */
  finish(): void {
    for (const { name, kind, rows } of this.eventNames.lookedUp()) {
      const seen = this.ctx.counters.eventNames.get(name);
      if (seen) seen.rows += rows;
      else this.ctx.counters.eventNames.set(name, { type: kind < 0 ? null : EVENT_KINDS[kind], rows });
    }
  }

  protected row(batch: RawBatch, r: number, c: Record<string, CellCursor | null>): void {
    const { ctx } = this;
    const d = ctx.dicts;
    // a preset that leaves unmapped names out (GA4 page_view...) counts them by name, and they are not read
    const ev = c.event;
    let early = -1;
    if (this.leaveOut && ev && !batch.problem(r) && ev.at(r) === CELL_BYTES) {
      early = this.eventNames.kindOf(ev.buf, ev.start, ev.end);
      if (early < 0) {
        this.counters.leftOut++;
        ctx.counters.leftOut++;
        return;
      }
    }
    this.counters.read++;
    ctx.counters.read++;
    const problem = batch.problem(r);
    if (problem) return this.reject(batch, r, problem.reason, problem.column, problem.detail);

    // time
    const tsc = c.ts!;
    const tsType = tsc.at(r);
    if (tsType === CELL_MISSING) return this.reject(batch, r, "missing_value", this.col("ts"), "no timestamp");
    let ts =
      tsType === CELL_BYTES
        ? this.times.parse(tsc.buf, tsc.start, tsc.end)
        : tsc.isEpochMs
          ? tsc.isWallClock
            ? ctx.local(tsc.num)
            : tsc.num
          : epochToMs(tsc.num);
    if (c.tsOffset) {
      const t = c.tsOffset.at(r);
      const off =
        t === CELL_BYTES
          ? parseNumber(c.tsOffset.buf, c.tsOffset.start, c.tsOffset.end, this.decimalComma)
          : t === CELL_MISSING
            ? NaN
            : c.tsOffset.num;
      if (off !== off)
        return this.reject(
          batch,
          r,
          "bad_number",
          this.col("tsOffset"),
          `not a number of milliseconds: ${this.cellText(c.tsOffset, r)}`,
        );
      ts += off;
    }
    if (!(ts === ts) || Math.abs(ts) > 8.64e15)
      return this.reject(
        batch,
        r,
        "bad_timestamp",
        this.col("ts"),
        `not a timestamp: ${this.cellText(tsc, r)}${this.slashHint(tsc, r)}`,
      );

    // item, event, session and user are checked first and interned only once the whole row is valid,
    // so that the ids of rejected rows never enter the dictionaries (whose sizes the manifest reports)
    if (this.ids.isAbsent(c.item!, r)) return this.reject(batch, r, "missing_value", this.col("item"), "no item id");

    // event
    let kind = this.constantKind;
    if (ev) {
      if (ev.at(r) !== CELL_BYTES) return this.reject(batch, r, "missing_value", this.col("event"), "no event type");
      kind = early >= 0 ? early : this.eventNames.kindOf(ev.buf, ev.start, ev.end);
      if (kind < 0) {
        const name = displayBytes(ev.buf.subarray(ev.start, ev.end));
        const unknown = ctx.counters.unknownEvents;
        if (unknown.size < 100 || unknown.has(name)) unknown.set(name, (unknown.get(name) ?? 0) + 1);
        this.counters.unknownEvent++;
        return this.reject(
          batch,
          r,
          "unknown_event",
          this.col("event"),
          `unknown event type "${showText(name, 60)}" (map it with --events canonical=${showText(name, 60)})`,
        );
      }
    }

    // session and user: a row needs at least one of them
    const hasSession = c.session !== null && !this.ids.isAbsent(c.session, r);
    const hasUser = c.user !== null && !this.ids.isAbsent(c.user, r);
    if (!hasUser && !hasSession)
      return this.reject(batch, r, "missing_value", this.col(c.user ? "user" : "session"), "no user or session id");

    const price = this.price(batch, r, c);
    let quantity = price === REJECTED_PRICE ? NaN : this.quantity(batch, r, c);
    if (quantity !== quantity) return; // rejected for its price or its quantity
    if (
      kind === EventKind.purchase &&
      (this.isReturn(c.returnFlag, r) || (quantity < 0 && ctx.spec.negativeQuantityIsReturn))
    )
      kind = EventKind.return;
    if (kind === EventKind.return) quantity = Math.abs(quantity);

    const item = this.ids.intern(d.item, c.item!, r);
    let user: number;
    let session: number;
    if (hasUser) {
      user = this.ids.intern(d.user, c.user!, r);
      session = hasSession ? this.ids.internRemembered(d.session, c.session!, r, this.sessionOfUser, user) : NONE;
    } else {
      session = hasSession ? this.ids.intern(d.session, c.session!, r) : NONE;
      // a log without a user column: the session is the user; a row whose user is empty in a log that
      // has users: the session, marked, so that it never merges with a registered user of the same id
      user = c.user ? this.anonymousUser(session) : this.ids.intern(d.user, c.session!, r);
    }
    const category = c.category
      ? this.ids.internRemembered(d.category, c.category, r, this.categoryOfItem, item)
      : NONE;
    const order = c.order ? this.ids.intern(d.order, c.order, r) : NONE;

    // whole ms, as written: --append compares times exactly
    acceptRow(
      ctx,
      this.counters,
      batch,
      r,
      Math.round(ts),
      user,
      session,
      item,
      kind,
      price,
      quantity,
      category,
      order,
    );
  }

  /** The user of a row without one in a log that has users: "session:<session id>". */
  protected anonymousUser(session: number): number {
    let user = this.anonymousUsers.get(session);
    if (user === undefined) {
      user = this.ctx.dicts.user.intern(ANONYMOUS_USER_PREFIX + this.ctx.dicts.session.get(session));
      this.anonymousUsers.set(session, user);
    }
    return user;
  }

  protected isReturn(cell: CellCursor | null, r: number): boolean {
    const prefix = this.returnPrefix;
    if (!cell || !prefix || cell.at(r) !== CELL_BYTES || cell.end - cell.start < prefix.length) return false;
    for (let k = 0; k < prefix.length; k++) if (cell.buf[cell.start + k] !== prefix[k]) return false;
    return true;
  }

  /** Row r's price: NaN when missing; REJECTED_PRICE once the row is rejected for it (prices are never negative). */
  protected price(batch: RawBatch, r: number, c: Record<string, CellCursor | null>): number {
    const p = c.price;
    if (!p || p.at(r) === CELL_MISSING) return NaN;
    const price = p.at(r) === CELL_BYTES ? parseNumber(p.buf, p.start, p.end, this.decimalComma) : p.num;
    if (price !== price || price === Infinity || price === -Infinity)
      this.reject(batch, r, "bad_number", this.col("price"), `not a price: ${this.cellText(p, r)}`);
    else if (price >= 0) return price;
    else this.reject(batch, r, "bad_price", this.col("price"), `negative price: ${this.cellText(p, r)}`);
    return REJECTED_PRICE;
  }

  /** Row r's quantity: 1 when missing; NaN once the row is rejected for it (quantities are whole). */
  protected quantity(batch: RawBatch, r: number, c: Record<string, CellCursor | null>): number {
    const q = c.quantity;
    if (!q || q.at(r) === CELL_MISSING) return 1;
    const quantity = q.at(r) === CELL_BYTES ? parseNumber(q.buf, q.start, q.end, this.decimalComma) : q.num;
    if (Number.isInteger(quantity) && Math.abs(quantity) <= 2 ** 31 - 1) return quantity;
    this.reject(batch, r, "bad_number", this.col("quantity"), `not a whole quantity: ${this.cellText(q, r)}`);
    return NaN;
  }
  protected reject(batch: RawBatch, r: number, reason: string, column: string, detail: string): void {
    const { ctx } = this;
    const line = batch.line(r);
    if (ctx.strict) throw new RowError(ctx.file, line, column, reason, detail);
    ctx.counters.reject(reason);
    ctx.rejects.write({ file: ctx.file, line, reason, column, detail, raw: batch.raw(r) });
  }

  /** Slash dates need to be told which order they are in. */
  private slashHint(cell: CellCursor, r: number): string {
    if (this.ctx.dateOrder || cell.at(r) !== CELL_BYTES || cell.buf.subarray(cell.start, cell.end).indexOf(0x2f) < 0)
      return "";
    return " (for day/month/year dates pass --date-order dmy, for month/day/year --date-order mdy)";
  }

  protected col(field: keyof FieldColumns): string {
    const i = this.ctx.fields[field];
    return i >= 0 ? this.ctx.columns[i] : "(none)";
  }

  protected cellText(cell: CellCursor, r: number): string {
    const t = cell.at(r);
    if (t === CELL_MISSING) return '""';
    const s = t === CELL_BYTES ? displayBytes(cell.buf.subarray(cell.start, cell.end)) : String(cell.num);
    return `"${showText(s, 60)}"`;
  }
}
