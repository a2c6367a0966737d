// The DCGAN presets of @ganforge/gan-layers (build it first; the root bench scripts do).
import { seedDcgan, tutorialDcgan } from '@ganforge/gan-layers';

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
