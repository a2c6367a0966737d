/**
 * Scratch arrays reused from call to call: fresh multi-megabyte typed arrays
 * cost page faults that dominate the plan. Each plan's index and weight
 * tensors are built from them and disposed right after their one use.
 */
const scratch = new Map<string, ArrayBuffer>();
export function scratchArray<T extends Int32Array | Float32Array>(key: string, size: number, zero: boolean, make: (buffer: ArrayBuffer, size: number) => T): T {
  let buffer = scratch.get(key);
  if (!buffer || buffer.byteLength < size * 4) {
    buffer = new ArrayBuffer(Math.max(size * 4, Math.ceil((buffer?.byteLength ?? 0) * 1.5)));
    scratch.set(key, buffer);
  }
  const view = make(buffer, size);
  if (zero) view.fill(0);
  return view;
}
export const scratchIndices = (size: number, zero = true) => scratchArray('idx', size, zero, (b, n) => new Int32Array(b, 0, n));
export const scratchWeights = (size: number, zero = true) => scratchArray('w', size, zero, (b, n) => new Float32Array(b, 0, n));
