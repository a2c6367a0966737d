// The TF-tutorial MNIST DCGAN from @ganforge/gan-layers (build it first: pnpm build).
import { tutorialDcgan } from '../../packages/gan-layers/dist/index.js';

export async function tutorialModels() {
  const { generator, discriminator, latentDim } = tutorialDcgan();
  return { generator, discriminator, latentDim, source: '@ganforge/gan-layers tutorialDcgan()' };
}
