import {
  engine,
  getGradient,
  getKernel,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  registerGradient,
  registerKernel,
  type Tensor,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { counterBits, pcgHash, WGSL_PCG } from './counter-rng';

/** Kernel names (ours; no tfjs backend has them, so registering them replaces nothing). */
export const RANDOM_UNIFORM_KERNEL = 'GanforgeRandomUniform';
export const DROPOUT_KERNEL = 'GanforgeDropout';
export const ADAM_KERNEL = 'GanforgeAdamUpdate';

/** Backends with a native implementation of the kernels above. */
const DEVICE_BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;

export interface RandomUniformAttrs {
  shape: number[];
  /** Stream key (u32). */
  key: number;
  /** float32 lower bound. */
  minval: number;
  /** float32 (maxval - minval) * 2^-24. */
  scale: number;
}

export interface DropoutAttrs {
  key: number;
  /** Keep when the top 24 bits >= threshold. */
  threshold: number;
  /** float32 multiplier of kept elements. */
  scale: number;
}

/** float32 constants of one Adam step (see fused-adam.ts). */
export interface AdamAttrs {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  /** 1 - beta1^t. */
  biasCorrection1: number;
  /** 1 - beta2^t. */
  biasCorrection2: number;
  epsilon: number;
  negLearningRate: number;
}

// ---------------------------------------------------------------- JS (cpu, wasm)

const fr = Math.fround;

function jsRandomUniform(out: Float32Array, a: RandomUniformAttrs): void {
  const { key, minval, scale } = a;
  for (let i = 0; i < out.length; i++) out[i] = fr(minval + fr((counterBits(key, i) >>> 8) * scale));
}

/**
 * Multipliers (0 or the keep scale) of the latest dropout streams, by key, threshold and
 * scale. A dropout's gradient reruns the kernel with the forward's seed on `dy`; with the
 * multipliers at hand it is one product instead of two hashes an element. The mask is a
 * pure function of (key, threshold, index), so a hit gives the same bits as a miss.
 */
const maskCache: { key: number; threshold: number; scale: number; length: number; multipliers: Float32Array }[] = [];
/** Buffers of evicted masks, reused for the next ones (a fresh 3 MB array a call costs GC time). */
const freeBuffers: Float32Array[] = [];
/** Most masks kept (a D step holds two in flight, real and fake, and a G step one) and most floats in all. */
const MASK_CACHE_ENTRIES = 4;
const MASK_CACHE_FLOATS = 16 * 1024 * 1024;

/** pcg(i) for i < length: the inner hash of counterBits, the same for every stream (key). */
let indexTable = new Uint32Array(0);
/** Largest table kept (16 MiB); longer streams hash both rounds. */
const INDEX_TABLE_MAX = 4 * 1024 * 1024;

function indexHashes(n: number): Uint32Array | null {
  if (n > INDEX_TABLE_MAX) return null;
  if (indexTable.length < n) {
    const table = new Uint32Array(Math.min(INDEX_TABLE_MAX, Math.max(n, 2 * indexTable.length)));
    table.set(indexTable);
    for (let i = indexTable.length; i < table.length; i++) table[i] = pcgHash(i);
    indexTable = table;
  }
  return indexTable;
}

/** The multipliers of the first `n` elements of a stream: scale where kept, 0 where dropped. */
function dropoutMultipliers(a: DropoutAttrs, n: number): Float32Array {
  const { key, threshold, scale } = a;
  for (let e = maskCache.length - 1; e >= 0; e--) {
    const entry = maskCache[e]!;
    if (entry.key === key && entry.threshold === threshold && entry.scale === scale && entry.length >= n) {
      return entry.multipliers;
    }
  }
  const free = freeBuffers.findIndex((buffer) => buffer.length >= n && buffer.length <= 2 * n);
  const multipliers = free >= 0 ? freeBuffers.splice(free, 1)[0]! : new Float32Array(n);
  const inner = indexHashes(n);
  if (inner) {
    for (let i = 0; i < n; i++) {
      // counterBits(key, i) = pcg(pcg(i) ^ key), with pcg(i) from the table.
      const state = (Math.imul((inner[i]! ^ key) >>> 0, 747796405) + 2891336453) >>> 0;
      const word = Math.imul((state >>> ((state >>> 28) + 4)) ^ state, 277803737) >>> 0;
      multipliers[i] = ((word >>> 22) ^ word) >>> 8 >= threshold ? scale : 0;
    }
  } else {
    for (let i = 0; i < n; i++) multipliers[i] = counterBits(key, i) >>> 8 >= threshold ? scale : 0;
  }
  if (n <= MASK_CACHE_FLOATS) {
    maskCache.push({ key, threshold, scale, length: n, multipliers });
    let floats = maskCache.reduce((sum, entry) => sum + entry.multipliers.length, 0);
    while (maskCache.length > MASK_CACHE_ENTRIES || floats > MASK_CACHE_FLOATS) {
      const evicted = maskCache.shift()!.multipliers;
      floats -= evicted.length;
      if (freeBuffers.length < 2) freeBuffers.push(evicted);
    }
  }
  return multipliers;
}

/** Dropout in JS (cpu, and the reference): kept elements x · scale, dropped ones 0. */
function jsDropout(x: Float32Array, out: Float32Array, a: DropoutAttrs): void {
  const n = x.length;
  const multipliers = dropoutMultipliers(a, n);
  const scale = a.scale;
  for (let i = 0; i < n; i++) out[i] = multipliers[i] !== 0 ? x[i]! * scale : 0;
}

/**
 * Dropout on wasm: the multipliers copied to the heap and one XNNPACK Multiply (a JS pass
 * over the heap costs ~30x the native product). Kept elements are x · scale as in JS;
 * dropped ones are x · 0 (as in tfjs's own dropout: -0 for negative x, NaN for non-finite x).
 */
function wasmDropout(backend: KernelBackend, x: TensorInfo, a: DropoutAttrs): TensorInfo {
  const wasm = backend as unknown as WasmLike;
  const n = util.sizeFromShape(x.shape);
  const multipliers = dropoutMultipliers(a, n);
  const m = wasm.makeOutput([...x.shape], 'float32');
  try {
    wasm.typedArrayFromHeap(m).set(n === multipliers.length ? multipliers : multipliers.subarray(0, n));
    const multiply = getKernel('Multiply', 'wasm')!.kernelFunc;
    return multiply({ inputs: { a: x, b: m }, backend, attrs: {} }) as TensorInfo;
  } finally {
    backend.disposeData(m.dataId);
  }
}

function jsAdam(
  value: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g: Float32Array,
  outValue: Float32Array,
  outM: Float32Array,
  outV: Float32Array,
  a: AdamAttrs,
): void {
  const { beta1, oneMinusBeta1, beta2, oneMinusBeta2, biasCorrection1, biasCorrection2, epsilon, negLearningRate } = a;
  for (let i = 0; i < value.length; i++) {
    const gi = g[i]!;
    const m1 = fr(fr(m[i]! * beta1) + fr(gi * oneMinusBeta1));
    const v1 = fr(fr(v[i]! * beta2) + fr(fr(gi * gi) * oneMinusBeta2));
    const mHat = fr(m1 / biasCorrection1);
    const vHat = fr(v1 / biasCorrection2);
    const step = fr(fr(mHat / fr(fr(Math.sqrt(vHat)) + epsilon)) * negLearningRate);
    outM[i] = m1;
    outV[i] = v1;
    outValue[i] = step + value[i]!;
  }
}

/** Variables from this size up are updated by native kernels on wasm (below, JS is cheaper than 13 dispatches). */
const WASM_NATIVE_ADAM_MIN_SIZE = 16384;

/**
 * The Adam update of {@link jsAdam} as 13 XNNPACK elementwise kernels on wasm (~10x a JS pass
 * for large variables). Same float32 operations in the same order, each correctly rounded
 * (IEEE float32 +, ×, ÷ and √, as the JS float64-then-fround ones), so the same bits.
 * Returns null when a kernel it needs is missing.
 */
function wasmAdam(backend: KernelBackend, inputs: AdamInputs, a: AdamAttrs): TensorInfo[] | null {
  const names = ['Multiply', 'Add', 'RealDiv', 'Sqrt'] as const;
  const kernels = names.map((name) => getKernel(name, 'wasm')?.kernelFunc);
  if (kernels.some((k) => !k)) return null;
  const [multiply, add, divide, sqrt] = kernels as [KernelFunc, KernelFunc, KernelFunc, KernelFunc];
  const wasm = backend as unknown as WasmLike;
  const made: TensorInfo[] = [];
  const keep = new Set<TensorInfo>();
  const scalar = (value: number) => {
    const info = wasm.makeOutput([], 'float32');
    made.push(info);
    wasm.typedArrayFromHeap(info)[0] = value;
    return info;
  };
  const run = (kernel: KernelFunc, x: TensorInfo, y: TensorInfo) => {
    const info = kernel({ inputs: { a: x, b: y }, backend, attrs: {} }) as TensorInfo;
    made.push(info);
    return info;
  };
  try {
    const g = inputs.gradient;
    const m1 = run(add, run(multiply, inputs.m, scalar(a.beta1)), run(multiply, g, scalar(a.oneMinusBeta1)));
    const v1 = run(add, run(multiply, inputs.v, scalar(a.beta2)), run(multiply, run(multiply, g, g), scalar(a.oneMinusBeta2)));
    const mHat = run(divide, m1, scalar(a.biasCorrection1));
    const vHat = run(divide, v1, scalar(a.biasCorrection2));
    const root = sqrt({ inputs: { x: vHat }, backend, attrs: {} }) as TensorInfo;
    made.push(root);
    const step = run(multiply, run(divide, mHat, run(add, root, scalar(a.epsilon))), scalar(a.negLearningRate));
    const value = run(add, step, inputs.value);
    for (const info of [value, m1, v1]) keep.add(info);
    return [value, m1, v1];
  } finally {
    for (const info of made) if (!keep.has(info)) backend.disposeData(info.dataId);
  }
}

interface CpuLike {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}
interface WasmLike {
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

/**
 * Runs `compute(inputs, outputs)` over float32 arrays on cpu (backend-owned arrays) or
 * wasm (views of the heap, taken after every output is allocated since allocation may
 * grow the heap) and returns the outputs.
 */
function jsKernel(
  backend: KernelBackend,
  inputs: TensorInfo[],
  outShapes: number[][],
  compute: (inputs: Float32Array[], outputs: Float32Array[]) => void,
): TensorInfo[] {
  const wasm = backend as unknown as Partial<WasmLike>;
  if (typeof wasm.makeOutput === 'function' && typeof wasm.typedArrayFromHeap === 'function') {
    const outs = outShapes.map((shape) => wasm.makeOutput!(shape, 'float32'));
    compute(
      inputs.map((info) => wasm.typedArrayFromHeap!(info)),
      outs.map((info) => wasm.typedArrayFromHeap!(info)),
    );
    return outs;
  }
  const cpu = backend as unknown as CpuLike;
  const ins = inputs.map((info) => {
    const values = cpu.data.get(info.dataId).values;
    return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
  });
  const arrays = outShapes.map((shape) => new Float32Array(util.sizeFromShape(shape)));
  compute(ins, arrays);
  return outShapes.map((shape, i) => cpu.makeTensorInfo(shape, 'float32', arrays[i]!));
}

function jsConfigs(backendName: string): KernelConfig[] {
  return [
    {
      kernelName: RANDOM_UNIFORM_KERNEL,
      backendName,
      kernelFunc: (({ backend, attrs }: { backend: KernelBackend; attrs: NamedAttrMap }) => {
        const a = attrs as unknown as RandomUniformAttrs;
        return jsKernel(backend, [], [a.shape], (_, [out]) => jsRandomUniform(out!, a))[0]!;
      }) as unknown as KernelFunc,
    },
    {
      kernelName: DROPOUT_KERNEL,
      backendName,
      kernelFunc: (({ inputs, backend, attrs }: { inputs: { x: TensorInfo }; backend: KernelBackend; attrs: NamedAttrMap }) => {
        const a = attrs as unknown as DropoutAttrs;
        if (backendName === 'wasm' && inputs.x.dtype === 'float32' && getKernel('Multiply', 'wasm')) return wasmDropout(backend, inputs.x, a);
        return jsKernel(backend, [inputs.x], [inputs.x.shape], ([x], [out]) => jsDropout(x!, out!, a))[0]!;
      }) as unknown as KernelFunc,
    },
    {
      kernelName: ADAM_KERNEL,
      backendName,
      kernelFunc: (({ inputs, backend, attrs }: { inputs: AdamInputs; backend: KernelBackend; attrs: NamedAttrMap }) => {
        const { value, m, v, gradient } = inputs;
        const a = attrs as unknown as AdamAttrs;
        if (backendName === 'wasm' && util.sizeFromShape(value.shape) >= WASM_NATIVE_ADAM_MIN_SIZE) {
          const native = wasmAdam(backend, inputs, a);
          if (native) return native;
        }
        return jsKernel(backend, [value, m, v, gradient], [value.shape, value.shape, value.shape], (ins, outs) =>
          jsAdam(ins[0]!, ins[1]!, ins[2]!, ins[3]!, outs[0]!, outs[1]!, outs[2]!, a),
        );
      }) as unknown as KernelFunc,
    },
  ];
}

interface AdamInputs {
  value: TensorInfo;
  m: TensorInfo;
  v: TensorInfo;
  gradient: TensorInfo;
}

// ---------------------------------------------------------------- WGSL (webgpu)

/** The parts of tfjs-backend-webgpu's WebGPUProgram that a flat elementwise program needs. */
interface FlatProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  size: boolean;
  uniforms: string;
  getUserCode(): string;
}

interface WebGPULike {
  runWebGPUProgram(
    program: FlatProgram,
    inputs: TensorInfo[],
    dtype: 'float32',
    uniforms: { type: 'float32' | 'int32' | 'uint32'; data: number[] }[],
    output?: TensorInfo,
  ): TensorInfo;
  makeTensorInfo(shape: number[], dtype: 'float32'): TensorInfo;
}

const WORKGROUP = 256;

/** A rank-1 elementwise program over `size` elements; the body sets `result[index]`. */
function flatProgram(key: string, variableNames: string[], size: number, uniforms: string, body: string): FlatProgram {
  return {
    variableNames,
    outputShape: [size],
    shaderKey: `ganforge_${key}`,
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    uniforms,
    getUserCode: () => `
${WGSL_PCG}
fn main(index : i32) {
  if (index < uniforms.size) {
${body}
  }
}
`,
  };
}

/** Runs a flat program on flattened views of the inputs; the output takes `shape`. */
function runFlat(backend: WebGPULike, program: FlatProgram, inputs: TensorInfo[], shape: number[], uniforms: Parameters<WebGPULike['runWebGPUProgram']>[3]): TensorInfo {
  const size = program.outputShape[0]!;
  const out = backend.makeTensorInfo(shape, 'float32');
  const flatInputs = inputs.map((info) => ({ dataId: info.dataId, dtype: info.dtype, shape: [size] }));
  backend.runWebGPUProgram(program, flatInputs, 'float32', uniforms, { dataId: out.dataId, dtype: 'float32', shape: [size] });
  return out;
}

const ADAM_UNIFORMS =
  'gfBeta1 : f32, gfOneMinusBeta1 : f32, gfBeta2 : f32, gfOneMinusBeta2 : f32, gfBc1 : f32, gfBc2 : f32, gfEps : f32, gfNegLr : f32,';
const ADAM_M = 'let gm = mom1[index] * uniforms.gfBeta1 + grad[index] * uniforms.gfOneMinusBeta1;';
const ADAM_V = 'let gg = grad[index]; let gv = mom2[index] * uniforms.gfBeta2 + (gg * gg) * uniforms.gfOneMinusBeta2;';
const ADAM_BODY = [
  `${ADAM_M}\n    setOutputAtIndex(index, gm);`,
  `${ADAM_V}\n    setOutputAtIndex(index, gv);`,
  `${ADAM_M}\n    ${ADAM_V}
    let mHat = gm / uniforms.gfBc1;
    let vHat = gv / uniforms.gfBc2;
    setOutputAtIndex(index, (mHat / (sqrt(vHat) + uniforms.gfEps)) * uniforms.gfNegLr + pvar[index]);`,
];

function webgpuConfigs(): KernelConfig[] {
  return [
    {
      kernelName: RANDOM_UNIFORM_KERNEL,
      backendName: 'webgpu',
      kernelFunc: (({ backend, attrs }: { backend: KernelBackend; attrs: NamedAttrMap }) => {
        const a = attrs as unknown as RandomUniformAttrs;
        const size = util.sizeFromShape(a.shape);
        const program = flatProgram(
          'random_uniform',
          [],
          size,
          'gfKey : u32, gfMin : f32, gfScale : f32,',
          '    setOutputAtIndex(index, uniforms.gfMin + f32(gfCounterBits(uniforms.gfKey, u32(index)) >> 8u) * uniforms.gfScale);',
        );
        return runFlat(backend as unknown as WebGPULike, program, [], a.shape, [
          { type: 'uint32', data: [a.key] },
          { type: 'float32', data: [a.minval] },
          { type: 'float32', data: [a.scale] },
        ]);
      }) as unknown as KernelFunc,
    },
    {
      kernelName: DROPOUT_KERNEL,
      backendName: 'webgpu',
      kernelFunc: (({ inputs, backend, attrs }: { inputs: { x: TensorInfo }; backend: KernelBackend; attrs: NamedAttrMap }) => {
        const a = attrs as unknown as DropoutAttrs;
        const { x } = inputs;
        const program = flatProgram(
          'dropout',
          ['x'],
          util.sizeFromShape(x.shape),
          'gfKey : u32, gfThreshold : u32, gfScale : f32,',
          `    let keep = (gfCounterBits(uniforms.gfKey, u32(index)) >> 8u) >= uniforms.gfThreshold;
    setOutputAtIndex(index, select(0.0, x[index] * uniforms.gfScale, keep));`,
        );
        return runFlat(backend as unknown as WebGPULike, program, [x], x.shape, [
          { type: 'uint32', data: [a.key] },
          { type: 'uint32', data: [a.threshold] },
          { type: 'float32', data: [a.scale] },
        ]);
      }) as unknown as KernelFunc,
    },
    {
      kernelName: ADAM_KERNEL,
      backendName: 'webgpu',
      kernelFunc: (({ inputs, backend, attrs }: { inputs: AdamInputs; backend: KernelBackend; attrs: NamedAttrMap }) => {
        const a = attrs as unknown as AdamAttrs;
        const { value, m, v, gradient } = inputs;
        const size = util.sizeFromShape(value.shape);
        const uniforms = [
          a.beta1,
          a.oneMinusBeta1,
          a.beta2,
          a.oneMinusBeta2,
          a.biasCorrection1,
          a.biasCorrection2,
          a.epsilon,
          a.negLearningRate,
        ].map((x) => ({ type: 'float32' as const, data: [x] }));
        // Each program binds only the inputs it reads: WebGPU's 'auto' layouts drop unused bindings.
        const parts: [string[], TensorInfo[]][] = [
          [['mom1', 'grad'], [m, gradient]],
          [['mom2', 'grad'], [v, gradient]],
          [['pvar', 'mom1', 'mom2', 'grad'], [value, m, v, gradient]],
        ];
        const [newM, newV, newValue] = ADAM_BODY.map((body, part) => {
          const [names, ins] = parts[part]!;
          const program = flatProgram(`adam${part}`, names, size, ADAM_UNIFORMS, `    ${body}`);
          return runFlat(backend as unknown as WebGPULike, program, ins, value.shape, uniforms);
        });
        return [newValue!, newM!, newV!];
      }) as unknown as KernelFunc,
    },
  ];
}

// ---------------------------------------------------------------- registration

/**
 * Registers our kernels for `backendName` when it is cpu, wasm or webgpu and they are
 * missing (new kernel names only: nothing of the backend's is replaced). Called lazily by
 * the ops on first use. Returns false for other backends (the ops then compose tfjs ops).
 */
export function ensureDeviceKernels(backendName: string): boolean {
  if (!(DEVICE_BACKENDS as readonly string[]).includes(backendName)) return false;
  if (getKernel(DROPOUT_KERNEL, backendName) == null) {
    for (const config of backendName === 'webgpu' ? webgpuConfigs() : jsConfigs(backendName)) {
      if (getKernel(config.kernelName, backendName) == null) registerKernel(config);
    }
  }
  if (getGradient(DROPOUT_KERNEL) == null) {
    registerGradient({
      kernelName: DROPOUT_KERNEL,
      gradFunc: (dy, _saved, attrs) => ({
        // Dropout is linear in x with the same mask: the gradient is dropout of dy.
        x: () => engine().runKernel(DROPOUT_KERNEL, { x: dy as Tensor }, attrs as NamedAttrMap) as Tensor,
      }),
    });
  }
  return true;
}

/** The JS reference implementations, for the composed fallback and tests. */
export const reference = { jsRandomUniform, jsDropout, jsAdam };
