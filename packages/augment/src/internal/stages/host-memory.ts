import * as tf from '@tensorflow/tfjs-core';
import type { Shape4 } from '../validate';

interface WasmBackendLike {
  dataIdMap: { get(dataId: object): { memoryOffset?: number } | undefined };
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } | undefined };
}

/**
 * The tensor's values in place, without a copy, where the backend keeps them in CPU
 * memory (the wasm heap, the cpu backend's arrays); null elsewhere. Read only.
 * (Fresh multi-megabyte copies cost more than the whole warp on a VM: page faults.)
 */
export function hostView(tensor: tf.Tensor): Float32Array | Int32Array | null {
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') return null;
  const name = tf.getBackend();
  if (name === 'wasm') {
    const backend = tf.backend() as unknown as WasmBackendLike;
    if (typeof backend.typedArrayFromHeap !== 'function' || backend.dataIdMap?.get(tensor.dataId)?.memoryOffset == null) return null;
    return backend.typedArrayFromHeap(tensor);
  }
  if (name === 'cpu') {
    const values = (tf.backend() as unknown as CpuBackendLike).data?.get(tensor.dataId)?.values;
    if (values instanceof Float32Array || values instanceof Int32Array) return values;
  }
  return null;
}

/** An output tensor's memory to write into: the wasm heap directly, else a new array. */
export function hostOutput(shape: Shape4, dtype: 'float32' | 'int32'): { values: Float32Array | Int32Array; finish(): tf.Tensor4D } {
  const size = shape[0] * shape[1] * shape[2] * shape[3];
  if (tf.getBackend() === 'wasm') {
    const backend = tf.backend() as unknown as WasmBackendLike;
    if (typeof backend.makeOutput === 'function' && typeof backend.typedArrayFromHeap === 'function') {
      const info = backend.makeOutput(shape, dtype);
      const values = backend.typedArrayFromHeap(info);
      if (values.length === size) {
        return { values, finish: () => tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor4D };
      }
      tf.engine().makeTensorFromTensorInfo(info).dispose();
    }
  }
  const values = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  return { values, finish: () => tf.tensor4d(values, shape, dtype) };
}
