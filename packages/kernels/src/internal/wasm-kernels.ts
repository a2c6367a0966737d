/**
 * wasm replacements for kernels whose tfjs 4.22 implementation is far slower
 * than the work they do (measured in a DCGAN train step, batch 64):
 * - BatchMatMul / _FusedMatMul with transposeA or transposeB: ~14x slower than
 *   the same product on explicitly transposed inputs (1.4 vs 20 GFLOP/s);
 * - Tile: ~100 ms to broadcast 256 values to [64, 7, 7, 256] (batch-norm gradient).
 */
import { backend_util, type KernelFunc, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { BackendOps, type KernelArgs } from './backend-ops';

function swapLastTwo(rank: number): number[] {
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return perm;
}

interface MatMulAttrs {
  transposeA?: boolean;
  transposeB?: boolean;
  activation?: string;
  leakyreluAlpha?: number;
}

const batchOf = (shape: number[]) => shape.slice(0, -2).reduce((p, d) => p * d, 1);

/**
 * BatchMatMul / _FusedMatMul that transposes operands explicitly, then calls
 * the original without transposes. A fused product with a bias and a batch
 * larger than one is computed unfused (BatchMatMul, Add, activation): tfjs
 * 4.22's wasm _FusedMatMul adds the bias wrongly there (and with transposeB).
 */
export function matMulWithoutTransposes(original: KernelFunc, backendName: string, fused: boolean) {
  return (args: KernelArgs): TensorInfo => {
    const attrs = (args.attrs ?? {}) as MatMulAttrs;
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
    const call = (inputs: NamedTensorInfoMap) =>
      original({ ...args, inputs, attrs: { ...attrs, transposeA: false, transposeB: false } } as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
    const unfused = fused && bias != null && Math.max(batchOf(a!.shape), batchOf(b!.shape)) > 1;
    if (!attrs.transposeA && !attrs.transposeB && !unfused) return call(args.inputs);
    const ops = new BackendOps(args.backend, backendName);
    try {
      const inputs: NamedTensorInfoMap = { ...args.inputs };
      if (attrs.transposeA) inputs.a = ops.transpose(a!, swapLastTwo(a!.shape.length));
      if (attrs.transposeB) inputs.b = ops.transpose(b!, swapLastTwo(b!.shape.length));
      if (!unfused) return call(inputs);
      let y = ops.batchMatMul(inputs.a!, inputs.b!, false, false);
      y = ops.run('Add', { a: y, b: bias! });
      y = activate(ops, y, attrs, preluActivationWeights);
      return ops.keep(y);
    } finally {
      ops.dispose();
    }
  };
}

function activate(ops: BackendOps, x: TensorInfo, attrs: MatMulAttrs, prelu: TensorInfo | undefined): TensorInfo {
  switch (attrs.activation ?? 'linear') {
    case 'linear':
      return x;
    case 'relu':
      return ops.run('Relu', { x });
    case 'relu6':
      return ops.run('Relu6', { x });
    case 'elu':
      return ops.run('Elu', { x });
    case 'sigmoid':
      return ops.run('Sigmoid', { x });
    case 'leakyrelu':
      return ops.run('LeakyRelu', { x }, { alpha: attrs.leakyreluAlpha ?? 0.2 });
    case 'prelu':
      return ops.run('Prelu', { x, alpha: prelu! });
    default:
      throw new Error(`_FusedMatMul: activation '${attrs.activation}' is not supported`);
  }
}

interface HeapBackend {
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: string): TensorInfo;
}

type Values = Float32Array | Int32Array | Uint8Array;

/**
 * Direct access to tensor memory: the wasm heap, or the cpu backend's typed arrays (an output
 * is a fresh typed array registered with the backend, then filled in place). Null elsewhere.
 */
function memoryOf(backend: unknown): HeapBackend | null {
  const wasm = backend as Partial<HeapBackend>;
  if (typeof wasm.typedArrayFromHeap === 'function' && typeof wasm.makeOutput === 'function') return wasm as HeapBackend;
  const cpu = backend as Partial<{
    data: { get(dataId: object): { values?: unknown } | undefined };
    makeTensorInfo(shape: number[], dtype: string, values: Values): TensorInfo;
  }>;
  if (typeof cpu.makeTensorInfo !== 'function' || typeof cpu.data?.get !== 'function') return null;
  return {
    typedArrayFromHeap: (info) => cpu.data!.get(info.dataId)!.values as Values,
    makeOutput: (shape, dtype) => {
      const size = shape.reduce((p, d) => p * d, 1);
      const values = dtype === 'int32' ? new Int32Array(size) : dtype === 'bool' ? new Uint8Array(size) : new Float32Array(size);
      return cpu.makeTensorInfo!(shape, dtype, values);
    },
  };
}

/** cpu tensors may hold plain arrays (or nothing yet, before a write): only typed arrays are read directly. */
const isTyped = (values: unknown): boolean => values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array;

/** Tile by copying rows of the last axis in JS over tensor memory (wasm heap, cpu arrays). */
export function heapTile(original: KernelFunc) {
  return (args: KernelArgs): TensorInfo => {
    const { x } = args.inputs as { x: TensorInfo };
    const reps = (args.attrs as { reps: number[] }).reps;
    const backend = memoryOf(args.backend);
    if (x.dtype === 'string' || x.dtype === 'complex64' || x.shape.length === 0 || !backend || !isTyped(backend.typedArrayFromHeap(x))) {
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

/**
 * Sum / Mean over leading axes (batch-norm and bias gradients reduce [0, 1, 2] of NHWC
 * tensors) as one pass over the wasm heap. The native kernels first transpose the reduced
 * axes to the end: ~12 ms for [64, 14, 14, 64]. (A product with a row of ones is no faster
 * in training: XNNPACK repacks the activations as weights at every call.)
 */
export function heapLeadingReduce(original: KernelFunc, mean: boolean) {
  return (args: KernelArgs): TensorInfo => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = (args.attrs ?? {}) as { axis: number | number[]; keepDims?: boolean };
    const backend = memoryOf(args.backend);
    const rank = x.shape.length;
    const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading || !backend || !isTyped(backend.typedArrayFromHeap(x))) {
      return original(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
    }
    const rows = x.shape.slice(0, axes.length).reduce((p, d) => p * d, 1);
    const kept = x.shape.slice(axes.length);
    const cols = kept.reduce((p, d) => p * d, 1);
    const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
    const out = backend.makeOutput(outShape, 'float32');
    const src = backend.typedArrayFromHeap(x);
    const acc = new Float64Array(cols);
    let r = 0;
    // Four rows a pass: a quarter of the accumulator traffic (2x faster), still summed in float64.
    for (; r + 4 <= rows; r += 4) {
      const b0 = r * cols;
      const b1 = b0 + cols;
      const b2 = b1 + cols;
      const b3 = b2 + cols;
      for (let c = 0; c < cols; c++) acc[c]! += src[b0 + c]! + src[b1 + c]! + (src[b2 + c]! + src[b3 + c]!);
    }
    for (; r < rows; r++) {
      const base = r * cols;
      for (let c = 0; c < cols; c++) acc[c]! += src[base + c]!;
    }
    const dst = backend.typedArrayFromHeap(out);
    const scale = mean ? 1 / rows : 1;
    for (let c = 0; c < cols; c++) dst[c] = acc[c]! * scale;
    return out;
  };
}

/**
 * Identity without a copy: the output shares the input's data, reference
 * counted like Reshape (as on the cpu backend). The native kernel copies,
 * ~100 ms per DCGAN step for [64, 14, 14, 64] tensors.
 */
export function sharedIdentity(original: KernelFunc) {
  return (args: KernelArgs): TensorInfo => {
    const { x } = args.inputs as { x: TensorInfo };
    const backend = args.backend as unknown as { incRef?: (dataId: object) => void };
    if (x.dtype === 'string' || typeof backend.incRef !== 'function') {
      return original(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
    }
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}

/**
 * Conv2D / FusedConv2D with `pad: 'same'` passed on as the equivalent explicit
 * padding. tfjs 4.22's wasm kernels hand 'same' to XNNPACK's TensorFlow-SAME
 * mode, which computes wrong values when the stride exceeds the kernel size
 * (e.g. a 2x2 kernel with stride 3); explicit padding is always right.
 */
export function explicitSamePadding(original: KernelFunc) {
  return (args: KernelArgs): TensorInfo => {
    const attrs = (args.attrs ?? {}) as {
      pad?: unknown;
      strides: number | [number, number];
      dilations?: number | [number, number];
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      dataFormat?: 'NHWC' | 'NCHW';
    };
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    if (attrs.pad !== 'same' || attrs.dataFormat === 'NCHW') return original(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides,
      attrs.dilations ?? 1,
      'same',
      attrs.dimRoundingMode,
    );
    const { top, bottom, left, right } = info.padInfo;
    const pad = [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ];
    return original({ ...args, attrs: { ...attrs, pad } } as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  };
}

/**
 * LeakyRelu (0 <= alpha <= 1) as relu(x) + alpha · min(x, 0): four XNNPACK kernels
 * (Relu, ClipByValue, Multiply, Add) at about 0.1 ns an element each, where tfjs 4.22's
 * wasm LeakyRelu is a scalar loop (~3.4 ms for a [64, 14, 14, 64] activation, ~0.35 ms
 * composed). Same values: one of the two terms is exactly 0, the other is x or alpha·x
 * rounded once as in the native kernel. Other alphas go to the original kernel.
 */
export function composedLeakyRelu(original: KernelFunc, backendName: string) {
  return (args: KernelArgs): TensorInfo => {
    const { x } = args.inputs as { x: TensorInfo };
    const alpha = (args.attrs as { alpha: number }).alpha;
    const ops = new BackendOps(args.backend, backendName);
    const heap = ops.heapAccess;
    if (x.dtype !== 'float32' || !heap || !(alpha >= 0 && alpha <= 1)) {
      return original(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
    }
    try {
      const scale = ops.output([]);
      heap.values(scale)[0] = alpha;
      const negative = ops.run('ClipByValue', { x }, { clipValueMin: Number.NEGATIVE_INFINITY, clipValueMax: 0 });
      const scaled = ops.run('Multiply', { a: negative, b: scale });
      return ops.keep(ops.run('Add', { a: ops.run('Relu', { x }), b: scaled }));
    } finally {
      ops.dispose();
    }
  };
}
