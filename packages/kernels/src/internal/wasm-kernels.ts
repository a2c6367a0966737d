/**
 * wasm replacements for kernels whose tfjs 4.22 implementation is far slower
 * than the work they do (measured in a DCGAN train step, batch 64):
 * - BatchMatMul / _FusedMatMul with transposeA or transposeB: ~14x slower than
 *   the same product on explicitly transposed inputs (1.4 vs 20 GFLOP/s);
 * - Tile: ~100 ms to broadcast 256 values to [64, 7, 7, 256] (batch-norm gradient).
 */
import type { KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { BackendOps, type KernelArgs } from './backend-ops';

function swapLastTwo(rank: number): number[] {
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return perm;
}

/** BatchMatMul / _FusedMatMul that transposes operands explicitly, then calls the original without transposes. */
export function matMulWithoutTransposes(original: KernelFunc, backendName: string) {
  return (args: KernelArgs): TensorInfo => {
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    const call = (inputs: NamedTensorInfoMap, transposeA: boolean, transposeB: boolean) =>
      original({ ...args, inputs, attrs: { ...attrs, transposeA, transposeB } } as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
    if (!attrs.transposeA && !attrs.transposeB) return call(args.inputs, false, false);
    const ops = new BackendOps(args.backend, backendName);
    try {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const inputs: NamedTensorInfoMap = { ...args.inputs };
      if (attrs.transposeA) inputs.a = ops.transpose(a, swapLastTwo(a.shape.length));
      if (attrs.transposeB) inputs.b = ops.transpose(b, swapLastTwo(b.shape.length));
      return call(inputs, false, false);
    } finally {
      ops.dispose();
    }
  };
}

interface HeapBackend {
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: string): TensorInfo;
}

/** Tile by copying rows of the last axis in JS over the wasm heap. */
export function heapTile(original: KernelFunc) {
  return (args: KernelArgs): TensorInfo => {
    const { x } = args.inputs as { x: TensorInfo };
    const reps = (args.attrs as { reps: number[] }).reps;
    const backend = args.backend as unknown as HeapBackend;
    if (x.dtype === 'string' || x.dtype === 'complex64' || x.shape.length === 0 || typeof backend.typedArrayFromHeap !== 'function') {
      return original(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
    }
    const rank = x.shape.length;
    const outShape = x.shape.map((d, i) => d * reps[i]!);
    const out = backend.makeOutput(outShape, x.dtype);
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    if (dst.length === 0) return out;
    const inner = x.shape[rank - 1]!;
    const outer = outShape.slice(0, -1);
    const rows = outer.reduce((p, d) => p * d, 1);
    // Strides of x over its leading axes, for the source row of each output row.
    const xStrides: number[] = new Array(rank - 1);
    let stride = inner;
    for (let i = rank - 2; i >= 0; i--) {
      xStrides[i] = stride;
      stride *= x.shape[i]!;
    }
    const index = new Array(rank - 1).fill(0);
    const rowLength = inner * reps[rank - 1]!;
    for (let row = 0; row < rows; row++) {
      let offset = 0;
      for (let i = 0; i < rank - 1; i++) offset += (index[i]! % x.shape[i]!) * xStrides[i]!;
      const base = row * rowLength;
      if (inner === 1) {
        dst.fill(src[offset]!, base, base + rowLength);
      } else {
        const source = src.subarray(offset, offset + inner);
        for (let r = 0; r < reps[rank - 1]!; r++) dst.set(source, base + r * inner);
      }
      for (let i = rank - 2; i >= 0; i--) {
        if (++index[i] < outer[i]!) break;
        index[i] = 0;
      }
    }
    return out;
  };
}
