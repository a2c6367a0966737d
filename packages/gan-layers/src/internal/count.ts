import type * as tfl from '@tensorflow/tfjs-layers';

/** Number of scalars in the trainable weights of a model. */
export function countTrainable(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b as number), 1), 0);
}
