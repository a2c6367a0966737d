import * as tfl from '@tensorflow/tfjs-layers';
import { ImageShapeError } from '../errors';
import { InstanceNormalization } from '../instance-normalization';
import type { GanActivation, Normalization, WeightInit } from '../layer-options';
import { SpectralNormalization } from '../spectral-normalization';
import { formatShape } from './format';
import type { SeedStream } from './seed';

type Initializer = ReturnType<typeof tfl.initializers.zeros>;
type Layer = tfl.layers.Layer;

/** Kernel initializer of a {@link WeightInit}, with a fresh seed. */
export function kernelInitializer(init: WeightInit, seeds: SeedStream): Initializer {
  const seed = seeds.next();
  return init === 'dcgan'
    ? tfl.initializers.randomNormal({ mean: 0, stddev: 0.02, seed })
    : tfl.initializers.glorotUniform({ seed });
}

/** The normalization layer for rank-4 NHWC features, or null for `'none'`. */
export function normalizationLayer(kind: Normalization, init: WeightInit, seeds: SeedStream): Layer | null {
  switch (kind) {
    case 'batch':
      return tfl.layers.batchNormalization({
        gammaInitializer:
          init === 'dcgan' ? tfl.initializers.randomNormal({ mean: 1, stddev: 0.02, seed: seeds.next() }) : 'ones',
      });
    case 'layer':
      return tfl.layers.layerNormalization({ axis: [1, 2, 3] });
    case 'instance':
      return new InstanceNormalization();
    case 'none':
      return null;
  }
}

/** The activation layer of a {@link GanActivation}. */
export function activationLayer(kind: GanActivation, leakyReluAlpha: number): Layer {
  if (kind === 'leakyRelu') return tfl.layers.leakyReLU({ alpha: leakyReluAlpha });
  if (kind === 'relu') return tfl.layers.reLU();
  return tfl.layers.activation({ activation: kind });
}

/** `layer`, wrapped in spectral normalization when `spectralNorm` is set. */
export function maybeSpectral(layer: Layer, spectralNorm: boolean, seeds: SeedStream): Layer {
  return spectralNorm ? new SpectralNormalization({ layer, seed: seeds.next() }) : layer;
}

/**
 * The number of stride-2 stages between `[h, w]` and the smallest feature map. With an
 * explicit `depth`, both sides must be multiples of `2 ** depth`; by default, the most
 * stages that keep the smallest side ≥ 4 (28 → 2, 32 → 3, 64 → 4), and at least 1.
 */
export function resolveDepth(where: string, imageShape: [number, number, number], depth: number | undefined): number {
  const [h, w] = imageShape;
  if (depth !== undefined) {
    const step = 2 ** depth;
    if (h % step !== 0 || w % step !== 0) {
      throw new ImageShapeError({
        functionName: where,
        argument: 'options.imageShape',
        expected: `height and width multiples of 2^depth = ${step} to be reachable by ${depth} stride-2 stages`,
        actual: formatShape(imageShape),
      });
    }
    return depth;
  }
  if (h % 2 !== 0 || w % 2 !== 0) {
    throw new ImageShapeError({
      functionName: where,
      argument: 'options.imageShape',
      expected: 'even height and width to be reachable by at least one stride-2 stage',
      actual: formatShape(imageShape),
    });
  }
  let d = 1;
  while (h % 2 ** (d + 1) === 0 && w % 2 ** (d + 1) === 0 && Math.min(h, w) / 2 ** (d + 1) >= 4) d++;
  return d;
}
