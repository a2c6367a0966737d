/**
 * The constant part of a plan: per output pixel and channel, the fill values
 * that pixels reading outside the source receive (weighted). Allocated on the
 * first non-zero fill, so plans without fills carry none.
 */
export class ConstantTerms {
  /** `total * channels` values, or null while every term is zero. */
  values: Float32Array | null = null;

  constructor(
    private readonly total: number,
    private readonly channels: number,
  ) {}

  /** Adds `weight * fill` to output pixel `p`. */
  add(p: number, fill: Float32Array, weight: number): void {
    if (weight === 0) return;
    const channels = this.channels;
    let any = false;
    for (let c = 0; c < channels; c++) if (fill[c] !== 0) any = true;
    if (!any) return;
    if (!this.values) this.values = new Float32Array(this.total * channels);
    const values = this.values;
    for (let c = 0; c < channels; c++) values[p * channels + c]! += weight * fill[c]!;
  }
}
