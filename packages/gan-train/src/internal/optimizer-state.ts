import * as tf from '@tensorflow/tfjs-core';

/** A named tensor, as `optimizer.getWeights()` returns them (tfjs does not export this type). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/**
 * Scalar state some tfjs optimizers keep outside `getWeights()`: Adam's running
 * powers `accBeta1`/`accBeta2` (its `setWeights` recomputes them with `pow`, which
 * differs in the last bits from the running product), Adamax's `iteration`; in
 * `@ganforge/kernels`' FusedAdam the same powers are plain float32 numbers. Saved (as
 * float32 scalars) and restored bit for bit, never recomputed, so that a resumed run
 * matches an uninterrupted one.
 */
const HIDDEN_SCALARS = ['accBeta1', 'accBeta2', 'iteration'] as const;
const HIDDEN_PREFIX = '__hidden__/';

type WithHidden = tf.Optimizer & Partial<Record<(typeof HIDDEN_SCALARS)[number], unknown>>;

/** The optimizer's full state as named tensors; call `release()` once encoded. */
export async function optimizerWeights(optimizer: tf.Optimizer): Promise<{ weights: NamedTensor[]; release: () => void }> {
  const weights = await optimizer.getWeights();
  const created = weights.filter((w) => !(w.tensor instanceof tf.Variable)).map((w) => w.tensor);
  const o = optimizer as WithHidden;
  for (const key of HIDDEN_SCALARS) {
    const value = o[key];
    if (value instanceof tf.Variable) weights.push({ name: `${HIDDEN_PREFIX}${key}`, tensor: value });
    else if (typeof value === 'number' && Math.fround(value) === value) {
      const scalar = tf.scalar(value, 'float32');
      created.push(scalar);
      weights.push({ name: `${HIDDEN_PREFIX}${key}`, tensor: scalar });
    }
  }
  return { weights, release: () => tf.dispose(created) };
}

/**
 * Replaces the optimizer's state with `weights` (from {@link optimizerWeights}).
 * The optimizer's previous slot variables are disposed; `weights` are not.
 */
export async function setOptimizerWeights(optimizer: tf.Optimizer, weights: NamedTensor[]): Promise<void> {
  const hidden = weights.filter((w) => w.name.startsWith(HIDDEN_PREFIX));
  const visible = weights.filter((w) => !w.name.startsWith(HIDDEN_PREFIX));
  const previous = await optimizer.getWeights();
  await optimizer.setWeights(visible);
  tf.dispose(previous.map((w) => w.tensor));
  const o = optimizer as WithHidden;
  for (const { name, tensor } of hidden) {
    const key = name.slice(HIDDEN_PREFIX.length) as (typeof HIDDEN_SCALARS)[number];
    const target = o[key];
    if (target instanceof tf.Variable) target.assign(tensor);
    else if (typeof target === 'number') (o as unknown as Record<string, unknown>)[key] = (await tensor.data())[0]!;
  }
}
