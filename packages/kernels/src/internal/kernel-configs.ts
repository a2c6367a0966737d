import {
  _FusedMatMul,
  Add,
  BatchMatMul,
  backend_util,
  Conv2D,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  FusedConv2D,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  Identity,
  LeakyRelu,
  Mean,
  Multiply,
  RealDiv,
  Sub,
  Sum,
  type TensorInfo,
  Tile,
} from '@tensorflow/tfjs-core';
import { BackendOps, type KernelArgs } from './backend-ops';
import { conv2dBackpropFilterByConv, conv2dBackpropInputByConv } from './composed-conv-grads';
import { type ConvGradAttrs, forwardConvInfo } from './conv-geometry';
import { cpuLeadingBroadcast } from './cpu-broadcast';
import { cpuConv2d, cpuConv2dBackpropFilter, cpuConv2dBackpropInput } from './cpu-conv-grads';
import {
  conv2dBackpropFilterByGemm,
  conv2dBackpropInputByGemm,
  gemmFilterGradApplies,
  gemmInputGradApplies,
} from './gemm-conv-grads';
import {
  composedLeakyRelu,
  explicitSamePadding,
  heapLeadingReduce,
  heapTile,
  matMulWithoutTransposes,
  sharedIdentity,
} from './wasm-kernels';

/** Backends we know how to accelerate. */
export const SUPPORTED_BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;
export type SupportedBackend = (typeof SUPPORTED_BACKENDS)[number];

/** Marks our configs so a second registration can recognise them. */
export const OURS = Symbol.for('@ganforge/kernels');
export type OurKernelConfig = KernelConfig & { [OURS]: true };

type Original = KernelFunc | undefined;

interface CpuBackendLike extends KernelBackend {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

function ours(kernelName: string, backendName: string, kernelFunc: (args: KernelArgs) => TensorInfo): OurKernelConfig {
  return { kernelName, backendName, kernelFunc: kernelFunc as unknown as KernelFunc, [OURS]: true };
}

function callOriginal(original: Original, args: KernelArgs, what: string): TensorInfo {
  if (!original) throw new Error(`@ganforge/kernels: ${what} has no fallback kernel on this backend`);
  return original(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
}

function float32Values(backend: CpuBackendLike, info: TensorInfo): Float32Array {
  const values = backend.data.get(info.dataId).values;
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

/**
 * The kernels registered for one backend. `originals` holds what was
 * registered before us, used for cases we do not handle (NCHW on cpu).
 */
export function trainingKernelConfigs(backendName: SupportedBackend, originals: Map<string, Original>): OurKernelConfig[] {
  const original = (name: string): KernelFunc => (args) => callOriginal(originals.get(name), args as unknown as KernelArgs, name);
  if (backendName === 'cpu') {
    return [
      // tfjs-cpu's Tile and leading-axes Sum/Mean use general index arithmetic (Sum and Mean
      // transpose first): ~10x these row passes on the batch-norm and bias gradients.
      ours(Tile, 'cpu', heapTile(original(Tile))),
      ours(Sum, 'cpu', heapLeadingReduce(original(Sum), false)),
      ours(Mean, 'cpu', heapLeadingReduce(original(Mean), true)),
      ours(Add, 'cpu', cpuLeadingBroadcast('Add', original(Add))),
      ours(Sub, 'cpu', cpuLeadingBroadcast('Sub', original(Sub))),
      ours(Multiply, 'cpu', cpuLeadingBroadcast('Multiply', original(Multiply))),
      ours(RealDiv, 'cpu', cpuLeadingBroadcast('RealDiv', original(RealDiv))),
      ours(Conv2DBackpropFilter, 'cpu', (args) => {
        const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
        const attrs = args.attrs as unknown as ConvGradAttrs & { filterShape: number[] };
        if (attrs.dataFormat === 'NCHW' || x.dtype !== 'float32' || dy.dtype !== 'float32') {
          return callOriginal(originals.get(Conv2DBackpropFilter), args, Conv2DBackpropFilter);
        }
        const backend = args.backend as CpuBackendLike;
        const info = forwardConvInfo(x.shape, attrs.filterShape, attrs);
        const dw = cpuConv2dBackpropFilter(float32Values(backend, x), float32Values(backend, dy), info);
        return backend.makeTensorInfo(attrs.filterShape, 'float32', dw);
      }),
      ours(Conv2DBackpropInput, 'cpu', (args) => {
        const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
        const attrs = args.attrs as unknown as ConvGradAttrs & { inputShape: number[] };
        if (attrs.dataFormat === 'NCHW' || dy.dtype !== 'float32' || filter.dtype !== 'float32') {
          return callOriginal(originals.get(Conv2DBackpropInput), args, Conv2DBackpropInput);
        }
        const backend = args.backend as CpuBackendLike;
        const info = forwardConvInfo(attrs.inputShape, filter.shape, attrs);
        const dx = cpuConv2dBackpropInput(float32Values(backend, dy), float32Values(backend, filter), info);
        return backend.makeTensorInfo(info.inShape as number[], 'float32', dx);
      }),
      ours(Conv2D, 'cpu', (args) => {
        const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
        const attrs = args.attrs as unknown as ConvGradAttrs & { dilations: [number, number] | number };
        if (attrs.dataFormat === 'NCHW' || x.dtype !== 'float32' || filter.dtype !== 'float32') {
          return callOriginal(originals.get(Conv2D), args, Conv2D);
        }
        const backend = args.backend as CpuBackendLike;
        const info = backend_util.computeConv2DInfo(
          x.shape as [number, number, number, number],
          filter.shape as [number, number, number, number],
          attrs.strides,
          attrs.dilations,
          attrs.pad,
          attrs.dimRoundingMode,
        );
        const y = cpuConv2d(float32Values(backend, x), float32Values(backend, filter), info);
        return backend.makeTensorInfo(info.outShape as number[], 'float32', y);
      }),
      // A conv layer with a bias and no activation (tfjs-layers' Conv2D, e.g. a discriminator's):
      // the loops above, then the bias added in place, as tfjs-cpu adds it (float32 sums).
      ours(FusedConv2D, 'cpu', (args) => {
        const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
        const attrs = args.attrs as unknown as ConvGradAttrs & { dilations: [number, number] | number; activation?: string };
        const outChannels = filter!.shape[3]!;
        const biasSize = bias ? bias.shape.reduce((p, d) => p * d, 1) : 0;
        if (
          attrs.dataFormat === 'NCHW' ||
          x!.dtype !== 'float32' ||
          filter!.dtype !== 'float32' ||
          (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1 || biasSize !== outChannels)) ||
          preluActivationWeights ||
          (attrs.activation ?? 'linear') !== 'linear'
        ) {
          return callOriginal(originals.get(FusedConv2D), args, FusedConv2D);
        }
        const backend = args.backend as CpuBackendLike;
        const info = backend_util.computeConv2DInfo(
          x!.shape as [number, number, number, number],
          filter!.shape as [number, number, number, number],
          attrs.strides,
          attrs.dilations,
          attrs.pad,
          attrs.dimRoundingMode,
        );
        const y = cpuConv2d(float32Values(backend, x!), float32Values(backend, filter!), info);
        if (bias) {
          const b = float32Values(backend, bias);
          const step = biasSize;
          for (let i = 0; i < y.length; i += step) for (let c = 0; c < step; c++) y[i + c] = y[i + c]! + b[c]!;
        }
        return backend.makeTensorInfo(info.outShape as number[], 'float32', y);
      }),
    ];
  }
  const filterGrad = ours(Conv2DBackpropFilter, backendName, (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as ConvGradAttrs & { filterShape: number[] };
    const ops = new BackendOps(args.backend, backendName);
    try {
      if (gemmFilterGradApplies(ops, x, dy, attrs.filterShape, attrs)) {
        return conv2dBackpropFilterByGemm(ops, x, dy, attrs.filterShape, attrs);
      }
      return conv2dBackpropFilterByConv(ops, x, dy, attrs.filterShape, attrs);
    } finally {
      ops.dispose();
    }
  });
  if (backendName === 'webgpu') return [filterGrad];
  const inputGrad = ours(Conv2DBackpropInput, backendName, (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as ConvGradAttrs & { inputShape: number[] };
    const ops = new BackendOps(args.backend, backendName);
    try {
      if (gemmInputGradApplies(ops, dy, filter, attrs)) return conv2dBackpropInputByGemm(ops, dy, filter, attrs.inputShape, attrs);
      return conv2dBackpropInputByConv(ops, dy, filter, attrs.inputShape, attrs);
    } finally {
      ops.dispose();
    }
  });
  return [
    filterGrad,
    inputGrad,
    ours(BatchMatMul, backendName, matMulWithoutTransposes(original(BatchMatMul), backendName, false)),
    ours(_FusedMatMul, backendName, matMulWithoutTransposes(original(_FusedMatMul), backendName, true)),
    ours(Tile, backendName, heapTile(original(Tile))),
    ours(Sum, backendName, heapLeadingReduce(original(Sum), false)),
    ours(Mean, backendName, heapLeadingReduce(original(Mean), true)),
    ours(Identity, backendName, sharedIdentity(original(Identity))),
    ours(LeakyRelu, backendName, composedLeakyRelu(original(LeakyRelu), backendName)),
    ours(Conv2D, backendName, explicitSamePadding(original(Conv2D))),
    ours(FusedConv2D, backendName, explicitSamePadding(original(FusedConv2D))),
  ];
}
