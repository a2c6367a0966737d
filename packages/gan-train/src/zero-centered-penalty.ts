import * as tf from '@tensorflow/tfjs-core';
import { checkKeys, checkNumber, checkTensor, isNonNegative } from './internal/checks';
import { squaredInputGradientNorms } from './internal/input-gradients';
import type { GanPenalty } from './penalty';

/**
 * Options of {@link r1Penalty} and {@link r2Penalty}.
 *
 * @example
 * r1Penalty({ gamma: 0.1 });
 */
export interface ZeroCenteredPenaltyOptions {
  /** Weight γ; the penalty is `γ/2 · mean(‖∇x D(x)‖²)`. Default 10. */
  gamma?: number;
}

function zeroCentered(name: 'r1' | 'r2', functionName: string, options: ZeroCenteredPenaltyOptions): GanPenalty {
  checkKeys(functionName, options, ['gamma']);
  const gamma = checkNumber(functionName, 'options.gamma', options.gamma ?? 10, isNonNegative, 'a finite number >= 0');
  return {
    name,
    config: { gamma },
    compute({ discriminator, real, fake }) {
      checkTensor(`${functionName}.compute`, name === 'r1' ? 'real' : 'fake', name === 'r1' ? real : fake);
      const inputs = name === 'r1' ? real : fake;
      return tf.tidy(() => tf.mul(gamma / 2, tf.mean(squaredInputGradientNorms(`${functionName}.compute`, discriminator, inputs))) as tf.Scalar);
    },
  };
}

/**
 * The R1 penalty (Mescheder et al. 2018): `γ/2 · mean(‖∇x D(x)‖²)` on real samples
 * (as the discriminator sees them, after augmentation), the squared norm summed over
 * all axes but the batch.
 *
 * @example
 * const step = createGanStep({ ..., loss: hingeLoss(), penalties: [r1Penalty({ gamma: 1 })] });
 */
export function r1Penalty(options: ZeroCenteredPenaltyOptions = {}): GanPenalty {
  return zeroCentered('r1', 'r1Penalty', options);
}

/**
 * The R2 penalty (Mescheder et al. 2018): `γ/2 · mean(‖∇x D(x)‖²)` on generated samples.
 *
 * @example
 * const step = createGanStep({ ..., penalties: [r1Penalty(), r2Penalty({ gamma: 1 })] });
 */
export function r2Penalty(options: ZeroCenteredPenaltyOptions = {}): GanPenalty {
  return zeroCentered('r2', 'r2Penalty', options);
}
