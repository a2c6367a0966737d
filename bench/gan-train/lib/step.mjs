// One full DCGAN train step, the TF tutorial's way: both losses from the same
// pre-update networks, non-saturating losses, one Adam per network.
import * as tf from '@tensorflow/tfjs-core';

/** mean(softplus(-logits)) = BCE-with-logits against label 1. */
export const lossReal = (logits) => tf.mean(tf.softplus(tf.neg(logits)));
/** mean(softplus(logits)) = BCE-with-logits against label 0. */
export const lossFake = (logits) => tf.mean(tf.softplus(logits));

export const trainableVars = (model) => model.trainableWeights.map((w) => w.read());

/**
 * G's update: noise -> G -> D, non-saturating loss, one optimizer step. Returns the loss
 * and the generated batch (kept, for D's step; the caller disposes it).
 */
export function generatorStep({ generator, discriminator, latentDim, gOptimizer, gVars }, batch) {
  let fake;
  const gLoss = tf.tidy(() => {
    const noise = tf.randomNormal([batch, latentDim]);
    return gOptimizer.minimize(
      () => {
        const images = generator.apply(noise, { training: true });
        fake = tf.keep(images);
        return lossReal(discriminator.apply(images, { training: true }));
      },
      true,
      gVars,
    );
  });
  return { gLoss, fake };
}

/** Reads both scalar losses as numbers and disposes them. */
export async function readLosses(gLoss, dLoss) {
  try {
    const [g, d] = await Promise.all([gLoss.data(), dLoss.data()]);
    return { gLoss: g[0], dLoss: d[0] };
  } finally {
    tf.dispose([gLoss, dLoss]);
  }
}

/**
 * The step above with one optimizer per network from `makeOptimizer(learningRate, beta1)`
 * (default tfjs's Adam; pass @ganforge/kernels' fusedAdam for the fused one).
 */
export function makeTrainer({ generator, discriminator, latentDim, learningRate = 1e-4 }, { makeOptimizer = tf.train.adam } = {}) {
  const gOptimizer = makeOptimizer(learningRate, 0.5);
  const dOptimizer = makeOptimizer(learningRate, 0.5);
  const gVars = trainableVars(generator);
  const dVars = trainableVars(discriminator);
  /** @returns {Promise<{ gLoss: number, dLoss: number }>} */
  async function step(real) {
    const batch = real.shape[0];
    const { gLoss, fake } = generatorStep({ generator, discriminator, latentDim, gOptimizer, gVars }, batch);
    const dLoss = tf.tidy(() =>
      dOptimizer.minimize(
        () =>
          tf.add(
            lossReal(discriminator.apply(real, { training: true })),
            lossFake(discriminator.apply(fake, { training: true })),
          ),
        true,
        dVars,
      ),
    );
    fake.dispose();
    return readLosses(gLoss, dLoss);
  }
  return {
    step,
    dispose() {
      gOptimizer.dispose();
      dOptimizer.dispose();
    },
  };
}
