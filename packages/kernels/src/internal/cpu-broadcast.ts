/**
 * cpu Add / Sub / Multiply / RealDiv of float32 tensors where one operand is broadcast along
 * leading axes only (a bias or batch-norm statistic `[1, 1, 1, C]` against `[B, H, W, C]`, or a
 * scalar): one pass with the small operand indexed modulo its size. tfjs-cpu's broadcasting
 * path converts every flat index to coordinates and back (~10x slower). Same values: each
 * result is the float64 operation on the two float32 inputs, stored as float32, as in tfjs-cpu.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelArgs } from './backend-ops';

interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

export type BinaryOp = 'Add' | 'Sub' | 'Multiply' | 'RealDiv';

/** Size of `small` when it broadcasts against `large` along leading axes only; -1 otherwise. */
export function leadingBroadcastSize(large: readonly number[], small: readonly number[]): number {
  const size = small.reduce((p, d) => p * d, 1);
  if (small.length > large.length) return -1;
  // Drop small's leading 1s; what is left must equal large's trailing dimensions.
  let first = 0;
  while (first < small.length && small[first] === 1) first++;
  const rest = small.slice(first);
  const tail = large.slice(large.length - rest.length);
  return rest.every((d, i) => d === tail[i]) ? size : -1;
}

function apply(op: BinaryOp, a: Float32Array, b: Float32Array, out: Float32Array, bigIsA: boolean): void {
  const n = out.length;
  const big = bigIsA ? a : b;
  const small = bigIsA ? b : a;
  const m = small.length;
  for (let start = 0; start < n; start += m) {
    const end = Math.min(n, start + m);
    // x: element of a, y: element of b (the operation's order is kept for Sub and RealDiv).
    if (op === 'Add') {
      for (let i = start, j = 0; i < end; i++, j++) out[i] = big[i]! + small[j]!;
    } else if (op === 'Multiply') {
      for (let i = start, j = 0; i < end; i++, j++) out[i] = big[i]! * small[j]!;
    } else if (op === 'Sub') {
      if (bigIsA) for (let i = start, j = 0; i < end; i++, j++) out[i] = big[i]! - small[j]!;
      else for (let i = start, j = 0; i < end; i++, j++) out[i] = small[j]! - big[i]!;
    } else if (bigIsA) {
      for (let i = start, j = 0; i < end; i++, j++) out[i] = big[i]! / small[j]!;
    } else {
      for (let i = start, j = 0; i < end; i++, j++) out[i] = small[j]! / big[i]!;
    }
  }
}

/** The kernel for `op`, falling back to `original` for anything but float32 leading-axes broadcasts. */
export function cpuLeadingBroadcast(op: BinaryOp, original: KernelFunc) {
  return (args: KernelArgs): TensorInfo => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const backend = args.backend as unknown as CpuBackendLike;
    const aValues = backend.data?.get(a.dataId)?.values;
    const bValues = backend.data?.get(b.dataId)?.values;
    const aSize = a.shape.reduce((p, d) => p * d, 1);
    const bSize = b.shape.reduce((p, d) => p * d, 1);
    const bigIsA = aSize >= bSize;
    const [large, small] = bigIsA ? [a, b] : [b, a];
    const broadcast = aSize !== bSize && leadingBroadcastSize(large.shape, small.shape) > 0;
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || !broadcast || !(aValues instanceof Float32Array) || !(bValues instanceof Float32Array)) {
      return original(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
    }
    const out = new Float32Array(Math.max(aSize, bSize));
    apply(op, aValues, bValues, out, bigIsA);
    return backend.makeTensorInfo([...large.shape], 'float32', out);
  };
}
