/** A Float32Array that grows by doubling (rows appended in blocks). */
export class GrowFloat32 {
  private a: Float32Array;
  private n = 0;

  constructor(capacity: number) {
    this.a = new Float32Array(capacity);
  }

  push(values: Float32Array): void {
    if (this.n + values.length > this.a.length) {
      const grown = new Float32Array(Math.max(this.a.length * 2, this.n + values.length));
      grown.set(this.a.subarray(0, this.n));
      this.a = grown;
    }
    this.a.set(values, this.n);
    this.n += values.length;
  }

  view(): Float32Array {
    return this.a.subarray(0, this.n);
  }
}
