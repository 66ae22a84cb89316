/**
 * Text from an input file made safe to echo in a message: control characters (C0, DEL, C1), NUL, line and
 * paragraph separators and bidirectional overrides are written as escapes (\n, \x00, \u202e), and the
 * result is cut to `max` characters with a note of what was left out. Input files can hold anything; a
 * message must stay one readable line that cannot rewrite the terminal.
 */
export function showText(s: string, max = 80): string {
  const cut = s.length > max;
  const head = cut ? s.slice(0, max) : s;
  const escaped = head.replace(UNSAFE, escapeChar);
  return cut ? `${escaped}... (${s.length - max} more characters)` : escaped;
}

/** Column names (or other names) from a file, each shown with showText, at most `maxItems` of them. */
export function showList(names: readonly string[], maxItems = 20, maxEach = 40): string {
  const shown = names.slice(0, maxItems).map((n) => showText(n, maxEach));
  return names.length > maxItems ? `${shown.join(", ")}, ... (${names.length - maxItems} more)` : shown.join(", ");
}

/**
 * A whole message made safe for a terminal: as showText, but line breaks in the message itself are kept
 * (hints may span lines) and the cap is larger.
 */
export function showMessage(s: string, max = 2000): string {
  return s
    .split("\n")
    .map((line) => line.replace(UNSAFE, escapeChar))
    .join("\n")
    .slice(0, max)
    .concat(s.length > max ? `... (${s.length - max} more characters)` : "");
}

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`);
}
