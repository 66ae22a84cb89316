/**
 * Which leaf columns of a Parquet file to decode for a reader that names the fields it reads: a top-level name (every
 * leaf under it), or "top.leaf" for one field of a struct or of a list's structs, whatever the list's encoding
 * (items.list.element.item_id, items.array.item_id...). Skipping the rest is most of the decoding saved on an
 * analytics export (GA4 has some sixty leaf columns, of which a preset reads about fifteen).
 */
export function projectedColumns(leafPaths: string[][], wanted: readonly string[]): string[] | null {
  const want = wanted.map((w) => w.split("."));
  const keep = leafPaths.filter((path) =>
    want.some((w) => path[0] === w[0] && (w.length === 1 || (path.length > 1 && path[path.length - 1] === w.at(-1)))),
  );
  // nothing to skip, or nothing the reader knows: decode it all (the reader's checks name what is missing); a name
  // with a dot in it cannot be told apart from a path
  if (keep.length === 0 || keep.length === leafPaths.length || keep.some((p) => p.some((s) => s.includes("."))))
    return null;
  return keep.map((p) => p.join("."));
}

/** Leaf column paths of a parquet-wasm file (from its first row group; none without one). */
export function leafPaths(pf: {
  metadata(): { numRowGroups(): number; rowGroup(i: number): { columns(): { columnPath(): string[] }[] } };
}): string[][] {
  const meta = pf.metadata();
  return meta.numRowGroups() > 0
    ? meta
        .rowGroup(0)
        .columns()
        .map((c) => c.columnPath())
    : [];
}
