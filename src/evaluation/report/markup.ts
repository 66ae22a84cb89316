/** Small builders for markup that is valid HTML and well-formed XML at once (inline SVG included). */

export type Attributes = Record<string, string | number>;

/**
 * Characters XML 1.0 forbids even as references; a model name should never hold them, but one stray byte must not break
 * the page.
 */
function forbiddenInXml(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff;
}

/** The text with each character XML forbids replaced by U+FFFD. */
function replaceForbidden(text: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (!forbiddenInXml(text.charCodeAt(i))) continue;
    out += text.slice(from, i) + "\uFFFD";
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Escapes text and attribute values alike: names, specs and paths may hold <, >, & and quotes. */
export function escapeXml(text: string): string {
  return replaceForbidden(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A coordinate with one decimal: short, and identical on every run. */
export function coord(n: number): string {
  const rounded = Math.round(n * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

/** ` name="value"` pairs in insertion order (names are ours; values are escaped). */
export function attributes(attrs: Attributes): string {
  return Object.entries(attrs)
    .map(([name, value]) => ` ${name}="${typeof value === "number" ? coord(value) : escapeXml(value)}"`)
    .join("");
}

/** `<name ...>content</name>`; `content` must already be markup (escaped). */
export function element(name: string, attrs: Attributes, content: string): string {
  return `<${name}${attributes(attrs)}>${content}</${name}>`;
}

/** `<name ... />`: HTML void elements and childless SVG shapes. */
export function emptyElement(name: string, attrs: Attributes): string {
  return `<${name}${attributes(attrs)} />`;
}
