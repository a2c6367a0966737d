import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { OptionError } from './errors';
import './register-gan-layers';
import { SeededDropout } from './seeded-dropout';

const values = (t: tf.Tensor) => Array.from(t.dataSync());
const trainingCall = (layer: tfl.layers.Layer, x: tf.Tensor) => tf.tidy(() => values(layer.apply(x, { training: true }) as tf.Tensor));

describe('SeededDropout', () => {
  it('drops a share of rate and scales the rest by 1 / (1 - rate) in training; passes through in inference', () => {
    const layer = new SeededDropout({ rate: 0.5, seed: 3 });
    const x = tf.ones([64, 32]);
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    expect(y.shape).toEqual([64, 32]);
    expect(y.dtype).toBe('float32');
    const out = values(y);
    expect(new Set(out)).toEqual(new Set([0, 2]));
    const zeros = out.filter((v) => v === 0).length / out.length;
    expect(zeros).toBeGreaterThan(0.45);
    expect(zeros).toBeLessThan(0.55);
    const inference = layer.apply(x) as tf.Tensor;
    expect(values(inference)).toEqual(values(x));
    tf.dispose([x, y, inference]);
  });

  it('draws a new mask per call from its seed: same seed, same masks; another seed, other masks', () => {
    const x = tf.ones([8, 16]);
    const a = new SeededDropout({ rate: 0.3, seed: 11 });
    const b = new SeededDropout({ rate: 0.3, seed: 11 });
    const c = new SeededDropout({ rate: 0.3, seed: 12 });
    const a1 = trainingCall(a, x);
    const a2 = trainingCall(a, x);
    expect(a2).not.toEqual(a1);
    expect(trainingCall(b, x)).toEqual(a1);
    expect(trainingCall(b, x)).toEqual(a2);
    expect(trainingCall(c, x)).not.toEqual(a1);
    x.dispose();
  });

  it('keeps its random state in its config: fromConfig continues the same masks', () => {
    const x = tf.ones([4, 10]);
    const layer = new SeededDropout({ rate: 0.4, seed: 5, name: 'drop' });
    trainingCall(layer, x);
    const config = JSON.parse(JSON.stringify(layer.getConfig())) as tf.serialization.ConfigDict;
    expect(config).toMatchObject({ rate: 0.4, seed: 5, name: 'drop', randomState: { algorithm: 'xoshiro128**' } });
    const copy = SeededDropout.fromConfig(SeededDropout, config) as SeededDropout;
    expect(trainingCall(copy, x)).toEqual(trainingCall(layer, x));
    expect(copy.getRandomState()).toEqual(layer.getRandomState());
    const saved = layer.getRandomState();
    const next = trainingCall(layer, x);
    layer.setRandomState(saved);
    expect(trainingCall(layer, x)).toEqual(next);
    x.dispose();
  });

  it('round-trips through model.save and tf.loadLayersModel with its random state', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [6], units: 12, kernelInitializer: 'ones' }), new SeededDropout({ rate: 0.5, seed: 9 })] });
    const x = tf.ones([3, 6]);
    trainingCall(model as unknown as tfl.layers.Layer, x);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
    expect(loaded.layers[1]!.getClassName()).toBe('SeededDropout');
    expect(trainingCall(loaded as unknown as tfl.layers.Layer, x)).toEqual(trainingCall(model as unknown as tfl.layers.Layer, x));
    x.dispose();
    model.dispose();
    loaded.dispose();
  });

  it('has the dropout gradient: the same mask scales dy', () => {
    const layer = new SeededDropout({ rate: 0.5, seed: 21 });
    const probe = new SeededDropout({ rate: 0.5, seed: 21 });
    const x = tf.tensor2d([[1, 2, 3, 4, 5, 6, 7, 8]]);
    const grad = tf.grad((v: tf.Tensor) => tf.sum(layer.apply(v, { training: true }) as tf.Tensor))(x);
    const mask = trainingCall(probe, tf.onesLike(x));
    expect(values(grad)).toEqual(mask);
    tf.dispose([x, grad]);
  });

  it('rejects bad options with OptionError and leaks nothing', async () => {
    expect(() => new SeededDropout({ rate: 1 })).toThrow(OptionError);
    expect(() => new SeededDropout({ rate: 1 })).toThrow('SeededDropout: args.rate must be a finite number >= 0 and < 1, got 1');
    expect(() => new SeededDropout({ rate: 0.1, seed: 1.5 })).toThrow(OptionError);
    expect(() => new SeededDropout({ rate: 0.1, sead: 1 } as never)).toThrow(/did you mean 'seed'/);
    expect(() => new SeededDropout({ rate: 0.1 }).setRandomState({ algorithm: 'x' } as never)).toThrow(OptionError);
    const layer = new SeededDropout({ rate: 0.2, seed: 1 });
    const x = tf.ones([2, 3]);
    await expectNoLeaks(() => layer.apply(x, { training: true }) as tf.Tensor);
    x.dispose();
  });
});
