import { eventKindCode, type EventKindName } from "../data/event-kind.js";
import { Dictionary } from "../data/dictionary.js";
import { DEFAULT_EVENT_ALIASES } from "./event-aliases.js";

/**
 * A log's event names -> canonical event kinds: the default aliases, then the preset's names, then --events, matched
 * without regard to case or surrounding spaces. Each distinct name is looked up once; a row then costs one byte
 * comparison in a small dictionary.
 */
export class EventNameMap {
  private readonly names = new Dictionary(16);
  /** Kind + 1 of each name code; 0 = not looked up yet, -1 = unknown. */
  private kinds = new Int8Array(16);
  private readonly aliases: Record<string, EventKindName>;

  constructor(names: Record<string, EventKindName>) {
    this.aliases = { ...DEFAULT_EVENT_ALIASES, ...lowerKeys(names) };
  }

  /** The kind code of the name in `buf[start, end)`, or -1 when the name is not mapped. */
  kindOf(buf: Uint8Array, start: number, end: number): number {
    const code = this.names.internBytes(buf, start, end);
    if (code >= this.kinds.length) {
      const grown = new Int8Array(this.kinds.length * 2);
      grown.set(this.kinds);
      this.kinds = grown;
    }
    if (code === this.names.size - 1 && this.kinds[code] === 0) {
      const canonical = this.aliases[this.names.get(code).trim().toLowerCase()];
      this.kinds[code] = canonical === undefined ? -1 : eventKindCode(canonical) + 1;
    }
    const k = this.kinds[code];
    return k > 0 ? k - 1 : -1;
  }
}

function lowerKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
}
