/**
 * Typed arrays on SharedArrayBuffers. Columns that worker threads read (the loaded dataset,
 * timelines) are allocated here once, so that handing them to a worker shares them instead of
 * copying; on the main thread they behave like any typed array.
 */
export const sharedInt32 = (n: number): Int32Array => new Int32Array(new SharedArrayBuffer(4 * n));
export const sharedFloat64 = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(8 * n));
export const sharedUint8 = (n: number): Uint8Array => new Uint8Array(new SharedArrayBuffer(n));

/** `a` itself when it already lives on a SharedArrayBuffer, else a shared copy. */
export function shared<T extends Int32Array | Float64Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const C = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new C(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}
