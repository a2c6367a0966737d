// A tfjs-layers Dropout whose keep mask is made on the device by @ganforge/kernels'
// deviceDropout (one kernel forward, one backward, no mask tensor, nothing computed in
// JavaScript on webgpu), and a helper that swaps it into a built Sequential model.
// Kept in the bench for now: @ganforge/gan-layers could expose it (see the report).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { deviceDropout } from '@ganforge/kernels';

/** Seeds for successive calls: a 32-bit xorshift stream, or Math.random when unseeded. */
function seedStream(seed) {
  let state = (seed ?? Math.floor(Math.random() * 2 ** 32)) >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

export class DeviceDropout extends tfl.layers.Layer {
  static className = 'DeviceDropout';

  /** @param {{ rate: number, seed?: number, name?: string }} config */
  constructor(config) {
    super(config);
    this.rate = config.rate;
    this.seed = config.seed;
    this.nextSeed = seedStream(config.seed);
    this.supportsMasking = true;
  }

  call(inputs, kwargs) {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (!kwargs?.training || this.rate <= 0) return x;
      return deviceDropout(x, this.rate, { seed: this.nextSeed() });
    });
  }

  computeOutputShape(inputShape) {
    return inputShape;
  }

  getConfig() {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(DeviceDropout);

/**
 * A Sequential model with the same layer objects (so the same weights) as `model`, each
 * `Dropout` replaced by a DeviceDropout of the same rate.
 */
export function withDeviceDropout(model, { seed } = {}) {
  const next = seedStream(seed);
  const layers = model.layers.map((layer) =>
    layer.getClassName() === 'Dropout' ? new DeviceDropout({ rate: layer.rate, seed: next() }) : layer,
  );
  const out = tfl.sequential({ name: `${model.name}_device_dropout` });
  out.add(tfl.layers.inputLayer({ batchInputShape: model.inputs[0].shape }));
  for (const layer of layers) out.add(layer);
  return out;
}
