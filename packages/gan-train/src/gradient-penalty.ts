import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from './errors';
import { checkKeys, checkNumber, checkTensor, describeShape, isFiniteNumber, isNonNegative } from './internal/checks';
import { squaredInputGradientNorms } from './internal/input-gradients';
import type { GanPenalty } from './penalty';

/**
 * Options of {@link gradientPenalty}.
 *
 * @example
 * gradientPenalty({ weight: 10, target: 1 });
 */
export interface GradientPenaltyOptions {
  /** Weight λ of the penalty. Default 10. */
  weight?: number;
  /** Target gradient norm. Default 1. */
  target?: number;
}

/** Added under the square root so that the norm has a gradient at 0. */
const NORM_EPSILON = 1e-12;

/**
 * The WGAN-GP gradient penalty (Gulrajani et al. 2017): with `ε ~ U[0, 1)` drawn per
 * sample from `context.seed` and interpolates `x̂ = ε·real + (1 - ε)·fake`,
 * `weight · mean((‖∇x̂ D(x̂)‖₂ - target)²)`, where the norm runs over all axes
 * but the batch (`sqrt(sum + 1e-12)`, so that it has a gradient at 0).
 *
 * @example
 * const step = createGanStep({ ..., loss: wassersteinLoss(), penalties: [gradientPenalty({ weight: 10 })] });
 */
export function gradientPenalty(options: GradientPenaltyOptions = {}): GanPenalty {
  const fn = 'gradientPenalty';
  checkKeys(fn, options, ['weight', 'target']);
  const weight = checkNumber(fn, 'options.weight', options.weight ?? 10, isNonNegative, 'a finite number >= 0');
  const target = checkNumber(fn, 'options.target', options.target ?? 1, isFiniteNumber, 'a finite number');
  return {
    name: 'gradientPenalty',
    config: { weight, target },
    compute({ discriminator, real, fake, seed }) {
      checkTensor(`${fn}.compute`, 'real', real);
      checkTensor(`${fn}.compute`, 'fake', fake);
      if (!tf.util.arraysEqual(real.shape, fake.shape)) {
        throw new ShapeError({ functionName: `${fn}.compute`, argument: 'fake', expected: `a batch shaped like real ${describeShape(real.shape)}`, actual: describeShape(fake.shape) });
      }
      return tf.tidy(() => {
        const epsilonShape = [real.shape[0]!, ...real.shape.slice(1).map(() => 1)];
        const epsilon = tf.randomUniform(epsilonShape, 0, 1, 'float32', seed);
        const interpolates = tf.add(tf.mul(epsilon, real), tf.mul(tf.sub(1, epsilon), fake));
        const norms = tf.sqrt(tf.add(squaredInputGradientNorms(`${fn}.compute`, discriminator, interpolates), NORM_EPSILON));
        return tf.mul(weight, tf.mean(tf.square(tf.sub(norms, target)))) as tf.Scalar;
      });
    },
  };
}
