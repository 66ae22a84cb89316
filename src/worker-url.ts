/**
 * The URL to start a worker thread from, given the worker module's URL without extension. Built code
 * runs the compiled .js file; under the test runner (TypeScript sources) a tiny module registers tsx
 * in the worker first, then loads the TypeScript file.
 */
export function workerUrl(base: URL): URL {
  if (!base.href.endsWith(".ts") && !base.href.endsWith(".js"))
    throw new TypeError(`workerUrl: ${base.href} has no extension`);
  const fromSources = base.href.endsWith(".ts");
  if (!fromSources) return base;
  const tsx = import.meta.resolve("tsx/esm/api");
  const code = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(base.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** The sibling module `name` (without extension) of `importMetaUrl`, in the same language. */
export function sibling(importMetaUrl: string, name: string): URL {
  return new URL(`./${name}${importMetaUrl.endsWith(".ts") ? ".ts" : ".js"}`, importMetaUrl);
}
