/** Checks of generated HTML for the report tests: well-formed (XML-style) markup and the charts it holds. */
const VOID_ELEMENTS = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
const TAG = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
const BAD_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

/**
 * Problems that would make the page ill-formed XML: unclosed or misnested tags, stray `<` or `&`, unquoted or repeated
 * attributes.
 */
export function wellFormednessProblems(html: string): string[] {
  const doc = html.replace(/^<!DOCTYPE html>\n/, "");
  const problems: string[] = [];
  const open: string[] = [];
  let at = 0;
  while (at < doc.length) {
    const lt = doc.indexOf("<", at);
    const text = doc.slice(at, lt < 0 ? undefined : lt);
    if (BAD_AMPERSAND.test(text)) problems.push(`raw & in text near ${JSON.stringify(text.slice(0, 40))}`);
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const tag = TAG.exec(doc);
    if (!tag) {
      problems.push(`stray < at ${lt}: ${JSON.stringify(doc.slice(lt, lt + 40))}`);
      at = lt + 1;
      continue;
    }
    const [, closing, name, attrs, selfClosing] = tag;
    const names = [...attrs.matchAll(/([\w:-]+)="/g)].map((a) => a[1]);
    if (new Set(names).size !== names.length) problems.push(`repeated attribute in <${name}>`);
    if (BAD_AMPERSAND.test(attrs)) problems.push(`raw & in attributes of <${name}>`);
    if (closing) {
      const expected = open.pop();
      if (expected !== name) problems.push(`</${name}> closes <${expected}>`);
    } else if (!selfClosing) {
      if (VOID_ELEMENTS.has(name)) problems.push(`void <${name}> is not self-closed`);
      else open.push(name);
    }
    at = TAG.lastIndex;
  }
  if (open.length > 0) problems.push(`never closed: ${open.join(" > ")}`);
  return problems;
}

/** Opening <svg> tags with the given class, as attribute maps. */
export function svgsWithClass(html: string, className: string): Record<string, string>[] {
  return [...html.matchAll(/<svg\b([^>]*)>/g)]
    .map((m) => Object.fromEntries([...m[1].matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])))
    .filter((attrs) => attrs.class === className);
}
