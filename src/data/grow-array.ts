type Growable = Int32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array | Float32Array;

/** A copy of `old` in a new array of the same type with room for at least `need` elements (doubling). */
export function grown<T extends Growable>(old: T, need: number): T {
  let n = Math.max(1, old.length);
  while (n < need) n *= 2;
  const next = new (old.constructor as new (n: number) => T)(n);
  next.set(old as never);
  return next;
}
