// The DCGAN train step of bench/train/step.mjs (TF tutorial: both losses from the same
// pre-update networks, non-saturating losses, one Adam per network) with the webgpu speed-ups
// switchable one by one:
// - fusedAdam: @ganforge/kernels' FusedAdamOptimizer (one kernel call per variable, no
//   scalar uploads) instead of tf.train.adam;
// - mergeD: D's loss from ONE discriminator pass over concat([real, fake]) instead of two
//   (same math: D has no batch statistics; halves D's kernel launches in D's step);
// - pipeline: `step` enqueues the whole step and returns a promise of its losses without
//   waiting, so the caller can enqueue the next step while the GPU works (losses are
//   still read every step).
// Dropout on the device is a property of the models (the presets' SeededDropout).
import * as tf from '@tensorflow/tfjs-core';
import { fusedAdam } from '@ganforge/kernels';
import { generatorStep, lossFake, lossReal, readLosses, trainableVars } from './step.mjs';

export function makeFastTrainer(
  { generator, discriminator, latentDim, learningRate = 1e-4 },
  { fusedAdam: useFused = true, mergeD = true } = {},
) {
  const makeOptimizer = () => (useFused ? fusedAdam(learningRate, 0.5) : tf.train.adam(learningRate, 0.5));
  const gOptimizer = makeOptimizer();
  const dOptimizer = makeOptimizer();
  const gVars = trainableVars(generator);
  const dVars = trainableVars(discriminator);

  /** Enqueues one step; returns the promise of its { gLoss, dLoss }. */
  function enqueue(real) {
    const batch = real.shape[0];
    const { gLoss, fake } = generatorStep({ generator, discriminator, latentDim, gOptimizer, gVars }, batch);
    const dLoss = tf.tidy(() =>
      dOptimizer.minimize(
        () => {
          if (!mergeD) {
            return tf.add(
              lossReal(discriminator.apply(real, { training: true })),
              lossFake(discriminator.apply(fake, { training: true })),
            );
          }
          const logits = discriminator.apply(tf.concat([real, fake], 0), { training: true });
          const [realLogits, fakeLogits] = tf.split(logits, 2, 0);
          return tf.add(lossReal(realLogits), lossFake(fakeLogits));
        },
        true,
        dVars,
      ),
    );
    fake.dispose();
    return readLosses(gLoss, dLoss);
  }

  return {
    enqueue,
    /** Synchronous-style step, as bench/train/step.mjs: waits for the losses. */
    step: (real) => enqueue(real),
    dispose() {
      gOptimizer.dispose();
      dOptimizer.dispose();
    },
  };
}
