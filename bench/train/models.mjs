// Picks the TF-tutorial DCGAN: @ganforge/gan-layers' tutorialDcgan() once that
// package is built, else the same layers written out in ./dcgan.mjs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LATENT_DIM, makeDiscriminator, makeGenerator } from './dcgan.mjs';

const ganLayersDist = fileURLToPath(new URL('../../packages/gan-layers/dist/index.js', import.meta.url));

export async function tutorialModels() {
  if (existsSync(ganLayersDist)) {
    const ganLayers = await import(ganLayersDist);
    if (typeof ganLayers.tutorialDcgan === 'function') {
      const built = ganLayers.tutorialDcgan();
      const generator = built.generator ?? built[0];
      const discriminator = built.discriminator ?? built[1];
      const latentDim = built.latentDim ?? generator.inputs[0].shape[1];
      if (generator && discriminator) return { generator, discriminator, latentDim, source: '@ganforge/gan-layers tutorialDcgan()' };
    }
  }
  return { generator: makeGenerator(), discriminator: makeDiscriminator(), latentDim: LATENT_DIM, source: 'bench/train/dcgan.mjs' };
}
