import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from './errors';
import type { GanLoss } from './gan-loss';
import { checkKeys, checkLogits, checkNumber, isFiniteNumber } from './internal/checks';
import { checkPair } from './internal/loss-helpers';

/**
 * Options of {@link leastSquaresLoss}.
 *
 * @example
 * leastSquaresLoss({ fakeTarget: -1, realTarget: 1, generatorTarget: 0 });
 */
export interface LeastSquaresLossOptions {
  /** Target of fake samples for the discriminator. Default 0. */
  fakeTarget?: number;
  /** Target of real samples for the discriminator (lower it for one-sided smoothing). Default 1. */
  realTarget?: number;
  /** Target the generator pushes fake scores to. Default 1. */
  generatorTarget?: number;
}

/**
 * The least-squares GAN loss (LSGAN, Mao et al. 2017), on raw outputs `r = D(x)`, `f = D(G(z))`
 * with targets `a = fakeTarget`, `b = realTarget`, `c = generatorTarget`:
 * - discriminator: `0.5·mean((r - b)²) + 0.5·mean((f - a)²)`;
 * - generator: `0.5·mean((f - c)²)`.
 * A score above `(a + b) / 2` counts as "real" in the accuracy metrics.
 *
 * @example
 * leastSquaresLoss().discriminator(tf.tensor1d([0]), tf.tensor1d([1])).dataSync(); // [0.5 + 0.5 = 1]
 */
export function leastSquaresLoss(options: LeastSquaresLossOptions = {}): GanLoss {
  const fn = 'leastSquaresLoss';
  checkKeys(fn, options, ['fakeTarget', 'realTarget', 'generatorTarget']);
  const fakeTarget = checkNumber(fn, 'options.fakeTarget', options.fakeTarget ?? 0, isFiniteNumber, 'a finite number');
  const realTarget = checkNumber(fn, 'options.realTarget', options.realTarget ?? 1, isFiniteNumber, 'a finite number');
  const generatorTarget = checkNumber(fn, 'options.generatorTarget', options.generatorTarget ?? 1, isFiniteNumber, 'a finite number');
  if (realTarget === fakeTarget) {
    throw new OptionError({ functionName: fn, argument: 'options.realTarget', expected: `a number different from fakeTarget ${fakeTarget}`, actual: String(realTarget) });
  }
  const halfSquare = (x: tf.Tensor, target: number) => tf.mul(0.5, tf.mean(tf.square(tf.sub(x, target))));
  return {
    name: 'leastSquares',
    config: { fakeTarget, realTarget, generatorTarget },
    threshold: (fakeTarget + realTarget) / 2,
    generatorUsesRealLogits: false,
    discriminator(realLogits, fakeLogits) {
      checkPair('leastSquaresLoss.discriminator', realLogits, fakeLogits);
      return tf.tidy(() => tf.add(halfSquare(realLogits, realTarget), halfSquare(fakeLogits, fakeTarget)) as tf.Scalar);
    },
    generator(fakeLogits) {
      checkLogits('leastSquaresLoss.generator', 'fakeLogits', fakeLogits);
      return tf.tidy(() => halfSquare(fakeLogits, generatorTarget) as tf.Scalar);
    },
  };
}
