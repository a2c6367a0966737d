import * as tf from '@tensorflow/tfjs-core';
import { createGanStep } from '../gan-step';
import { hingeLoss } from '../hinge-loss';
import { r1Penalty } from '../zero-centered-penalty';
import { microGenerator, noiseAugment, variablesModel } from './micro-models';

/** The run of the cross-process tests, built identically in every process. */
export function buildRun() {
  // A tfjs-layers generator and a plain-object discriminator whose dropout draws its seeds from the stream.
  const step = createGanStep({
    generator: microGenerator(4, 3, 1),
    discriminator: variablesModel(3, 1, 4, 0.25),
    loss: hingeLoss(),
    penalties: [r1Penalty({ gamma: 1 })],
    gOptimizer: tf.train.adam(1e-2, 0.5),
    dOptimizer: tf.train.adam(1e-2, 0.5),
    latentDim: 4,
    augment: noiseAugment,
    seed: 11,
  });
  return step;
}

