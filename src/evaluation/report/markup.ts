/** Small builders for markup that is valid HTML and well-formed XML at once (inline SVG included). */

export type Attributes = Record<string, string | number>;

/** Characters XML 1.0 forbids even as references; a model name should never hold them, but one stray byte must not break the page. */
const FORBIDDEN_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text and attribute values alike: names, specs and paths may hold <, >, & and quotes. */
export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN_IN_XML, "\uFFFD")
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
