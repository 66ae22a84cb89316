import type { EventKindName } from "../data/event-kind.js";
import { EVENT_KINDS } from "../data/event-kind.js";
import type { QuarantineRow } from "../io/quarantine.js";
import { showText } from "../io/show-text.js";

/**
 * Hints that lead from rejected rows to their fix: unknown event names to an --events mapping built from the
 * names found, decimal-comma numbers to --decimal-comma. Unlike --max-rejected, which would drop the rows, each
 * hint keeps them.
 */

/** A bad number that is a decimal-comma number ("35,79", "-1,5"): the detail quotes the cell. */
const DECIMAL_COMMA_DETAIL = /^not a (price|whole quantity): "[+-]?\d+,\d+"$/;

/** Clues gathered from the rejected rows as they are written. */
export class RejectionClues {
  decimalComma = 0;
  observe(row: QuarantineRow): void {
    if (row.reason === "bad_number" && DECIMAL_COMMA_DETAIL.test(row.detail)) this.decimalComma++;
  }
}

/** The canonical type a raw event name most likely means, from words in it; null when nothing fits. */
export function guessEventKind(raw: string): EventKindName | null {
  const n = raw.toLowerCase();
  const has = (re: RegExp) => re.test(n);
  const removing = has(/remove|delete|drop|clear/);
  if (has(/cart|basket|bag|trolley/)) return removing ? "cart_remove" : has(/checkout/) ? null : "cart_add";
  if (has(/wish|fav|like|save|bookmark|watch/)) return removing ? "wishlist_remove" : "wishlist_add";
  if (has(/return|refund/)) return "return";
  if (has(/checkout/)) return has(/begin|start|init|step|view/) ? null : "purchase";
  if (has(/purchase|order|buy|bought|transaction|sale|paid|payment|conversion/)) return "purchase";
  if (has(/view|click|detail|page|pdp|impression|visit|show|browse|open/)) return "view";
  return null;
}

/**
 * `--events purchase=checkout_complete,cart_add=add_to_basket` for the most frequent unknown names (at most six),
 * each with its guessed type, or `<type>=name` when there is no guess.
 */
export function eventsFlag(unknown: ReadonlyMap<string, number>): string | null {
  const names = [...unknown.entries()]
    .filter(([name]) => name !== "" && !/[,=\s]/.test(name))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 6)
    .map(([name]) => `${guessEventKind(name) ?? "<type>"}=${showText(name, 40)}`);
  return names.length > 0 ? `--events ${names.join(",")}` : null;
}

export interface RejectionFacts {
  byReason: ReadonlyMap<string, number>;
  unknownEvents: ReadonlyMap<string, number>;
  clues: RejectionClues;
  decimalComma: boolean;
  /** Presets whose layout the columns match, when no --preset was given. */
  presets: readonly string[];
}

/** The hints for an ingest (most about its rejections), most useful first; empty when none applies. */
export function rejectionHints(f: RejectionFacts): string[] {
  const hints: string[] = [];
  if ((f.byReason.get("unknown_event") ?? 0) > 0) {
    const flag = eventsFlag(f.unknownEvents);
    if (flag)
      hints.push(
        `map the unknown event names with ${flag} (canonical types: ${EVENT_KINDS.join(", ")}); rejecting them would drop those events`,
      );
  }
  if (!f.decimalComma && f.clues.decimalComma > 0)
    hints.push(`${f.clues.decimalComma} numbers like "35,79" use a decimal comma: pass --decimal-comma`);
  if (f.presets.length > 0) hints.push(`the columns match the "${f.presets[0]}" layout: pass --preset ${f.presets[0]}`);
  return hints;
}
