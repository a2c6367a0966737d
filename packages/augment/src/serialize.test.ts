import { expectClose } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { augmentationFromJSON, colorJitter, ConfigError, compose, OptionError, oneOf, randomAffine, randomCrop, randomFlip, someOf } from './index';

describe('augmentationFromJSON', () => {
  it('rebuilds a nested pipeline that gives the same output', () => {
    const pipeline = compose(
      [randomFlip({ vertical: true, sameOnBatch: true }), oneOf([randomAffine({ degrees: [-5, 20], shear: [0, 5, -3, 3] }), randomCrop({ size: 6, padding: [1, 2] })], { weights: [2, 1] }), someOf([colorJitter({ brightness: [0.5, 1.5] })], [0, 1])],
      { seed: 3 },
    );
    const json = JSON.stringify(pipeline);
    const again = augmentationFromJSON(json);
    expect(again.toJSON()).toEqual(JSON.parse(json));
    const x = tf.randomUniform([5, 6, 6, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    expectClose(again.apply(x), pipeline.apply(x), { atol: 0, rtol: 0 });
  });

  it('rejects unknown types, bad JSON and bad structure with ConfigError', () => {
    expect(() => augmentationFromJSON({ type: 'nope', options: {} })).toThrow(ConfigError);
    expect(() => augmentationFromJSON({ type: 'nope', options: {} })).toThrow("augmentationFromJSON: config.type must be a known augmentation type, got 'nope'");
    expect(() => augmentationFromJSON('{')).toThrow(ConfigError);
    expect(() => augmentationFromJSON({ type: 'compose', options: {} })).toThrow('augmentationFromJSON: config.children must be an array of augmentation configs, got undefined');
    expect(() => augmentationFromJSON({ type: 'randomFlip', options: {}, childern: [] } as never)).toThrow(
      "augmentationFromJSON: config.childern must be a known option (did you mean 'children'?): type, options, children, got the unknown key 'childern'",
    );
  });

  it('rejects bad and misspelled options with OptionError, naming their place in the config', () => {
    expect(() => augmentationFromJSON({ type: 'randomFlip', options: { p: 3 } })).toThrow(OptionError);
    expect(() => augmentationFromJSON({ type: 'randomFlip', options: { p: 3 } })).toThrow(
      'augmentationFromJSON: config.options.p must be a finite number in [0, 1] (for randomFlip), got 3',
    );
    const misspelled = JSON.stringify({ type: 'compose', options: {}, children: [{ type: 'randomAffine', options: { degress: 10 } }] });
    let caught: unknown;
    try {
      augmentationFromJSON(misspelled);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OptionError);
    expect((caught as OptionError).argument).toBe('config.children[0].options.degress');
    expect((caught as OptionError).message).toContain("did you mean 'degrees'?");
    expect((caught as Error).cause).toBeInstanceOf(OptionError);
  });
});
