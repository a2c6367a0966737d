import type { Augmentation, AugmentationConfig } from './augmentation';
import { ColorJitter } from './color-jitter';
import { Compose, OneOf, RandomOrder, SomeOf } from './compose';
import { DiffAugment } from './diff-augment';
import { checkOptions, describe } from '@ganforge/internal';
import { AugmentError, ConfigError, OptionError } from './errors';
import { RandomAffine } from './random-affine';
import { RandomCrop, type RandomCropOptions } from './random-crop';
import { RandomElastic } from './random-elastic';
import { RandomErasing } from './random-erasing';
import { RandomFlip } from './random-flip';
import { RandomGaussianBlur, type RandomGaussianBlurOptions } from './random-gaussian-blur';
import { RandomNoise } from './random-noise';
import { RandomResizedCrop, type RandomResizedCropOptions } from './random-resized-crop';

type Options = Record<string, unknown>;
const leaves: Record<string, (options: Options) => Augmentation> = {
  randomFlip: (o) => new RandomFlip(o),
  randomAffine: (o) => new RandomAffine(o),
  randomCrop: (o) => new RandomCrop(o as unknown as RandomCropOptions),
  randomResizedCrop: (o) => new RandomResizedCrop(o as unknown as RandomResizedCropOptions),
  colorJitter: (o) => new ColorJitter(o),
  randomNoise: (o) => new RandomNoise(o),
  randomErasing: (o) => new RandomErasing(o),
  randomElastic: (o) => new RandomElastic(o),
  diffAugment: (o) => new DiffAugment(o),
  randomGaussianBlur: (o) => new RandomGaussianBlur(o as unknown as RandomGaussianBlurOptions),
};
const compositions: Record<string, (children: Augmentation[], options: Options) => Augmentation> = {
  compose: (c, o) => new Compose(c, o),
  oneOf: (c, o) => new OneOf(c, o),
  someOf: (c, o) => {
    const { n, ...rest } = o;
    return new SomeOf(c, n as number | [number, number], rest);
  },
  randomOrder: (c, o) => new RandomOrder(c, o),
};

/**
 * Rebuilds an augmentation or a whole pipeline from its JSON form
 * (`aug.toJSON()`, or that object after `JSON.stringify`/`JSON.parse`).
 *
 * @example
 * const json = JSON.stringify(pipeline);
 * const again = augmentationFromJSON(JSON.parse(json));
 */
export function augmentationFromJSON(config: AugmentationConfig | string): Augmentation {
  const fn = 'augmentationFromJSON';
  let value: unknown = config;
  if (typeof config === 'string') {
    try {
      value = JSON.parse(config);
    } catch (error) {
      throw new ConfigError({ functionName: fn, argument: 'config', expected: 'valid JSON', actual: (error as Error).message });
    }
  }
  return fromValue(fn, value, 'config');
}

function fromValue(fn: string, value: unknown, path: string): Augmentation {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError({ functionName: fn, argument: path, expected: 'an object { type, options }', actual: describe(value) });
  checkOptions(fn, value, ['type', 'options', 'children'], ConfigError, { argument: path });
  const { type, options = {}, children } = value as { type?: unknown; options?: unknown; children?: unknown };
  if (typeof type !== 'string' || !(type in leaves || type in compositions)) {
    throw new ConfigError({ functionName: fn, argument: `${path}.type`, expected: 'a known augmentation type', actual: describe(type) });
  }
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new ConfigError({ functionName: fn, argument: `${path}.options`, expected: 'an object', actual: describe(options) });
  try {
    if (type in compositions) {
      if (!Array.isArray(children)) throw new ConfigError({ functionName: fn, argument: `${path}.children`, expected: 'an array of augmentation configs', actual: describe(children) });
      const built = children.map((c, i) => fromValue(fn, c, `${path}.children[${i}]`));
      return compositions[type]!(built, options as Options);
    }
    return leaves[type]!(options as Options);
  } catch (error) {
    // errors of nested configs already name their place
    if (error instanceof ConfigError || !(error instanceof AugmentError) || error.functionName === fn) throw error;
    if (error instanceof OptionError) {
      // a misspelled or bad option stays an OptionError, with its place in the config
      const argument = `${path}.options.${error.argument.replace(/^options\./, '')}`;
      throw new OptionError({ functionName: fn, argument, expected: `${error.expected} (for ${type})`, actual: error.actual, cause: error });
    }
    throw new ConfigError({ functionName: fn, argument: `${path}.options`, expected: `valid options for ${type}`, actual: error.message, cause: error });
  }
}
