import { eventKindCode, type EventKindName } from "../data/event-kind.js";
import { Dictionary } from "../data/dictionary.js";
import { DEFAULT_EVENT_ALIASES } from "./event-aliases.js";

/**
 * A log's event names -> canonical event kinds: the default aliases, then the preset's names, then --events, matched
 * without regard to case or surrounding spaces. Each distinct name is looked up once; a row then costs one byte
 * comparison in a small dictionary.
 */
export class EventNameMap {
  private readonly seen = new Dictionary(16);
  /** Kind + 1 of each name code; 0 = not looked up yet, -1 = unknown. */
  private kinds = new Int8Array(16);
  private rows = new Float64Array(16);
  private readonly aliases: Record<string, EventKindName>;
  /** The code of the name kindOf looked up last (see countAgain). */
  private last = -1;

  /** With `defaults` false only `names` are mapped (presets whose logs use the aliases for other things). */
  constructor(names: Record<string, EventKindName>, defaults = true) {
    this.aliases = { ...(defaults ? DEFAULT_EVENT_ALIASES : {}), ...lowerKeys(names) };
  }

  /** Each distinct name looked up so far, with its kind code (-1 = unmapped) and how many rows had it. */
  lookedUp(): { name: string; kind: number; rows: number }[] {
    const out = [];
    for (let c = 0; c < this.seen.size; c++)
      out.push({ name: this.seen.get(c), kind: this.kinds[c] < 0 ? -1 : this.kinds[c] - 1, rows: this.rows[c] });
    return out;
  }

  /** Counts one more row of the name kindOf looked up last (a row known to have the same name as the one before). */
  countAgain(): void {
    this.rows[this.last]++;
  }

  /** Takes back the count of kindOf's last lookup (a row that is then read again, by a path that looks it up). */
  uncount(): void {
    this.rows[this.last]--;
  }

  /** The kind code of the name in `buf[start, end)`, or -1 when the name is not mapped. */
  kindOf(buf: Uint8Array, start: number, end: number): number {
    const code = this.seen.internBytes(buf, start, end);
    if (code >= this.kinds.length) {
      const grown = new Int8Array(this.kinds.length * 2);
      grown.set(this.kinds);
      this.kinds = grown;
      const rows = new Float64Array(grown.length);
      rows.set(this.rows);
      this.rows = rows;
    }
    this.rows[code]++;
    this.last = code;
    if (code === this.seen.size - 1 && this.kinds[code] === 0) {
      const canonical = this.aliases[this.seen.get(code).trim().toLowerCase()];
      this.kinds[code] = canonical === undefined ? -1 : eventKindCode(canonical) + 1;
    }
    const k = this.kinds[code];
    return k > 0 ? k - 1 : -1;
  }
}

function lowerKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
}
