// The DCGAN presets of @ganforge/gan-layers (build it first; the root bench scripts do).
import { seedDcgan, tutorialDcgan } from '@ganforge/gan-layers';
import * as tfl from '@tensorflow/tfjs-layers';

export const PRESETS = ['seed', 'tutorial'];

/**
 * Fresh generator and discriminator of a preset: 'tutorial' (the TF-tutorial MNIST DCGAN)
 * or 'seed' (the small Keras-example DCGAN, the example's CPU default).
 */
export async function presetModels(preset = 'tutorial', seed = 1) {
  if (preset === 'tutorial') {
    const { generator, discriminator, latentDim } = tutorialDcgan({ seed });
    return { generator, discriminator, latentDim, source: '@ganforge/gan-layers tutorialDcgan()' };
  }
  if (preset === 'seed') {
    const { generator, discriminator, latentDim } = seedDcgan({ seed });
    return { generator, discriminator, latentDim, source: '@ganforge/gan-layers seedDcgan()' };
  }
  throw new Error(`--preset must be ${PRESETS.join(' or ')}, got '${preset}'`);
}

/** The TF-tutorial models (kept for bench/gan-train/train-fast.mjs). */
export const tutorialModels = () => presetModels('tutorial');

/**
 * The same model with tfjs's own Dropout (mask filled in JavaScript, uploaded each call) in
 * place of the presets' SeededDropout (mask made on the device): the plain-tfjs baselines.
 * Same layer objects otherwise, so the same weights.
 */
export function plainDropout(model) {
  if (!model.layers.some((layer) => layer.getClassName() === 'SeededDropout')) return model;
  const out = tfl.sequential({ name: `${model.name}_tfjs_dropout` });
  out.add(tfl.layers.inputLayer({ batchInputShape: model.inputs[0].shape }));
  for (const layer of model.layers) out.add(layer.getClassName() === 'SeededDropout' ? tfl.layers.dropout({ rate: layer.rate }) : layer);
  return out;
}
