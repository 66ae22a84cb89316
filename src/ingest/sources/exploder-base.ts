import { InputError } from "../../errors.js";
import type { Scalar } from "../../io/jsonl-batch.js";
import type { RecordExploder } from "../../io/record-exploder.js";
import type { RecordProblem } from "../../io/raw-batch.js";
import { showList } from "../../io/show-text.js";
import { keysOf, SeenKeys, type Obj } from "./nested-values.js";
import { sniffSample } from "./sniff-source.js";

/** Canonical field -> the source path each preset's flat column is named after, in row order. */
export interface NestedColumns {
  ts: string;
  event: string;
  user: string;
  session: string;
  item: string;
  price: string;
  quantity: string;
  category: string;
  order: string;
}
export const ROW_FIELDS = ["ts", "event", "user", "session", "item", "price", "quantity", "category", "order"] as const;
/** The item's place in a row (and its column's in `columns`). */
export const ROW_ITEM = ROW_FIELDS.indexOf("item");

export type Row = Scalar[];

/** What the GA4, Segment and Snowplow exploders share: the columns, identity and skip counts, duplicate checks. */
export abstract class ExploderBase implements RecordExploder {
  readonly columns: string[];
  protected withUserId = 0;
  protected anonymousOnly = 0;
  protected duplicates = 0;
  protected readonly skipped = new Map<string, number>();
  private readonly seen = new SeenKeys();
  private unused: string[] = [];
  /** Duplicate checks made so far: a record's ordinal among them is the same in every read of the same records. */
  private checks = 0;
  /** Reading a part of a file: the keys kept (hash and check ordinal), for the checks against earlier parts. */
  private kept: { hashes: Float64Array; checks: Int32Array; n: number } | null = null;
  /** Checks to count as repeats: their keys were first seen in an earlier part of the file. */
  private drop: Set<number> | null = null;

  /** `reads`: the top-level fields the exploder reads (the others are reported unused). */
  constructor(
    readonly preset: "ga4" | "segment" | "snowplow",
    readonly names: NestedColumns,
    private readonly reads: string[],
  ) {
    this.columns = ROW_FIELDS.map((f) => names[f]);
  }

  abstract explode(record: Obj, emit: (row: Row) => void): string | RecordProblem | null;
  /** Preset-specific checks of the sample (after the wrong-preset check). */
  protected abstract checkSample(file: string, sample: Obj[]): void;

  check(file: string, sample: Obj[]): void {
    const looks = sniffSample(sample);
    if (looks !== this.preset)
      throw new InputError(
        "preset_mismatch",
        `${file} does not look like a "${this.preset}" export (fields: ${showList(keysOf(sample).slice(0, 12))})`,
        {
          file,
          hint: looks
            ? `its records look like a ${looks} export: pass --preset ${looks}`
            : "check the export; without --preset the file is read as flat or nested JSON Lines with --map",
        },
      );
    this.checkSample(file, sample);
    this.unused = keysOf(sample).filter((k) => !this.reads.includes(k));
  }

  unusedFields(): string[] {
    return this.unused;
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {
      eventsWithUserId: this.withUserId,
      eventsWithAnonymousIdOnly: this.anonymousOnly,
      duplicatesSkipped: this.duplicates,
    };
    for (const [reason, n] of [...this.skipped].sort()) out[reason] = n;
    return out;
  }

  /** Counts the record's identity; returns the user id to use (logged-in first). */
  protected identity(userId: Scalar, anonymousId: Scalar): Scalar {
    if (userId !== null) this.withUserId++;
    else if (anonymousId !== null) this.anonymousOnly++;
    return userId ?? anonymousId;
  }

  protected isRepeat(key: string): boolean {
    return this.isRepeatHash(SeenKeys.hash(key));
  }

  protected isRepeatHash(h: number): boolean {
    const check = this.checks++;
    if (!this.seen.repeatHash(h) && !this.drop?.has(check)) {
      const kept = this.kept;
      if (kept) {
        if (kept.n === kept.hashes.length) this.growKept(kept);
        kept.hashes[kept.n] = h;
        kept.checks[kept.n++] = check;
      }
      return false;
    }
    this.duplicates++;
    return true;
  }

  /** Sizes the duplicate check for `records` more records (no growing on the way). */
  expectRecords(records: number): void {
    this.seen.reserve(records);
    const kept = this.kept;
    if (kept && kept.hashes.length < kept.n + records) this.growKept(kept, kept.n + records);
  }

  /** Reading one part of a file on its own: remember the keys kept, and count `repeats` (check ordinals) as seen. */
  readPart(repeats: readonly number[]): void {
    this.kept = { hashes: new Float64Array(1024), checks: new Int32Array(1024), n: 0 };
    this.drop = repeats.length > 0 ? new Set(repeats) : null;
  }

  keysKept(): { hashes: Float64Array; checks: Int32Array } {
    const k = this.kept;
    return k
      ? { hashes: k.hashes.subarray(0, k.n), checks: k.checks.subarray(0, k.n) }
      : { hashes: new Float64Array(0), checks: new Int32Array(0) };
  }

  private growKept(kept: { hashes: Float64Array; checks: Int32Array; n: number }, size = kept.n * 2): void {
    const hashes = new Float64Array(size);
    hashes.set(kept.hashes.subarray(0, kept.n));
    const checks = new Int32Array(size);
    checks.set(kept.checks.subarray(0, kept.n));
    kept.hashes = hashes;
    kept.checks = checks;
  }

  /**
   * The checks of a later part (its keys kept, in order) whose keys this exploder has seen: those records are
   * duplicates of an earlier part's. The part's keys are recorded, so that the parts are checked in file order.
   */
  repeatsOf(kept: { hashes: Float64Array; checks: Int32Array }): number[] {
    const out: number[] = [];
    for (let i = 0; i < kept.hashes.length; i++) if (this.seen.repeatHash(kept.hashes[i])) out.push(kept.checks[i]);
    return out;
  }

  /** Adds what a part read on another thread counted (see counts). */
  addCounts(c: Record<string, number>): void {
    for (const [k, n] of Object.entries(c)) {
      if (k === "eventsWithUserId") this.withUserId += n;
      else if (k === "eventsWithAnonymousIdOnly") this.anonymousOnly += n;
      else if (k === "duplicatesSkipped") this.duplicates += n;
      else this.skipped.set(k, (this.skipped.get(k) ?? 0) + n);
    }
  }

  protected skip(reason: string): string {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
    return reason;
  }
}

export function missingError(file: string, what: string, found: string[], hint: string): InputError {
  return new InputError("missing_column", `${file}: ${what} (found: ${showList(found.slice(0, 12))})`, {
    file,
    hint,
  });
}
