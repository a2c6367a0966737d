import {
  getKernel,
  type KernelBackend,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/**
 * Runs other kernels of one backend from inside a kernel (no engine, no
 * tape) and frees the intermediates it made. Every method returns a new
 * TensorInfo owned by this object until `keep` takes it out.
 */
export class BackendOps {
  private readonly made: TensorInfo[] = [];

  constructor(
    readonly backend: KernelBackend,
    readonly backendName: string,
    /** Kernels to call instead of the registry's (the originals we replaced). */
    private readonly overrides: ReadonlyMap<string, (args: KernelArgs) => TensorInfo> = new Map(),
  ) {}

  /** Direct typed-array access to tensor memory, on backends that offer it (wasm). */
  get heapAccess(): HeapAccess | null {
    const b = this.backend as Partial<WasmLike>;
    if (typeof b.typedArrayFromHeap !== 'function' || typeof b.makeOutput !== 'function') return null;
    return { values: (info) => b.typedArrayFromHeap!(info) as Float32Array };
  }

  /** A new uninitialised float32 output on a heap backend (wasm). */
  output(shape: number[]): TensorInfo {
    const info = (this.backend as unknown as WasmLike).makeOutput(shape, 'float32');
    this.made.push(info);
    return info;
  }

  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const override = this.overrides.get(kernelName);
    let out: TensorInfo | TensorInfo[];
    if (override) {
      out = override({ inputs, backend: this.backend, attrs });
    } else {
      const config = getKernel(kernelName, this.backendName);
      if (!config) throw new Error(`@ganforge/kernels: kernel '${kernelName}' is not registered for backend '${this.backendName}'`);
      out = config.kernelFunc({ inputs, backend: this.backend, attrs }) as TensorInfo | TensorInfo[];
    }
    const info = Array.isArray(out) ? out[0]! : out;
    this.made.push(info);
    return info;
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return this.run('Slice', { x }, { begin, size });
  }

  pad(x: TensorInfo, paddings: [number, number][]): TensorInfo {
    return this.run('PadV2', { x }, { paddings, constantValue: 0 });
  }

  stridedSlice(x: TensorInfo, begin: number[], end: number[], strides: number[]): TensorInfo {
    return this.run(
      'StridedSlice',
      { x },
      { begin, end, strides, beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 },
    );
  }

  concat(inputs: TensorInfo[], axis: number): TensorInfo {
    return this.run('Concat', inputs as unknown as NamedTensorInfoMap, { axis });
  }

  zeros(shape: number[]): TensorInfo {
    return this.run('Fill', {}, { shape, value: 0, dtype: 'float32' });
  }

  reverse(x: TensorInfo, dims: number[]): TensorInfo {
    return this.run('Reverse', { x }, { dims });
  }

  /** NHWC forward convolution with explicit padding [[top, bottom], [left, right]]. */
  conv2d(
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    padding: [[number, number], [number, number]],
  ): TensorInfo {
    return this.run(
      'Conv2D',
      { x, filter },
      {
        strides,
        dilations,
        pad: [[0, 0], padding[0], padding[1], [0, 0]],
        dataFormat: 'NHWC',
        dimRoundingMode: undefined,
      } as unknown as NamedAttrMap,
    );
  }

  batchMatMul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo {
    return this.run('BatchMatMul', { a, b }, { transposeA, transposeB });
  }

  /** Removes `info` from the intermediates so `dispose` leaves it alive. */
  keep(info: TensorInfo): TensorInfo {
    const i = this.made.lastIndexOf(info);
    if (i >= 0) this.made.splice(i, 1);
    return info;
  }

  /** Frees every intermediate not kept. */
  dispose(): void {
    for (const info of this.made) this.backend.disposeData(info.dataId);
    this.made.length = 0;
  }
}

export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}

interface WasmLike {
  typedArrayFromHeap(info: TensorInfo): ArrayLike<number>;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

export interface HeapAccess {
  values(info: TensorInfo): Float32Array;
}
