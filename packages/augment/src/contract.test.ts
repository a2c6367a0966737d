import { contractSuite } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { AugmentError } from './errors';
import * as api from './index';

// The house contract: every export either has the four bad-input probes (a misspelled option,
// null, a disposed tensor, an oversized request), each of which must throw an AugmentError
// naming the function, or is exempt with a reason.
const images = () => tf.zeros([2, 8, 8, 3]) as tf.Tensor4D;
const disposed = () => {
  const x = images();
  x.dispose();
  return x;
};
const field = () => tf.zeros([2, 8, 8, 2]) as tf.Tensor4D;
const huge = 1e6;
const augmentationProbes = (make: () => api.Augmentation, misspelled: () => unknown, oversized: (() => unknown) | `n/a: ${string}`) => ({
  misspelledOption: misspelled,
  nullInput: () => make().apply(null as never),
  disposedTensor: () => make().apply(disposed()),
  oversized,
});
const hugeBatch = (make: () => api.Augmentation) => () => make().sample([2 ** 30, 8, 8, 3]);

contractSuite({
  packageName: '@ganforge/augment',
  api,
  baseError: AugmentError,
  exempt: {
    AugmentError: 'error class: the base of every error here',
    OptionError: 'error class',
    TensorError: 'error class',
    ShapeError: 'error class',
    ChannelError: 'error class (a ShapeError)',
    DtypeError: 'error class',
    LimitError: 'error class',
    ParamsError: 'error class',
    ConfigError: 'error class',
  },
  cases: {
    horizontalFlip: {
      misspelledOption: () => api.horizontalFlip(images(), { whihc: true } as never),
      nullInput: () => api.horizontalFlip(null as never),
      disposedTensor: () => api.horizontalFlip(disposed()),
      oversized: 'n/a: the output has the input shape',
    },
    verticalFlip: {
      misspelledOption: () => api.verticalFlip(images(), { whihc: true } as never),
      nullInput: () => api.verticalFlip(null as never),
      disposedTensor: () => api.verticalFlip(disposed()),
      oversized: 'n/a: the output has the input shape',
    },
    affine: {
      misspelledOption: () => api.affine(images(), { angel: 45 } as never),
      nullInput: () => api.affine(null as never, { angle: 45 }),
      disposedTensor: () => api.affine(disposed(), { angle: 45 }),
      oversized: 'n/a: the output has the input shape',
    },
    rotate: {
      misspelledOption: () => api.rotate(images(), 10, { intrpolation: 'nearest' } as never),
      nullInput: () => api.rotate(null as never, 10),
      disposedTensor: () => api.rotate(disposed(), 10),
      oversized: 'n/a: the output has the input shape',
    },
    crop: {
      misspelledOption: 'n/a: takes no options object (top, left, height, width are positional)',
      nullInput: () => api.crop(null as never, 0, 0, 4, 4),
      disposedTensor: () => api.crop(disposed(), 0, 0, 4, 4),
      oversized: () => api.crop(images(), 0, 0, huge, huge),
    },
    pad: {
      misspelledOption: () => api.pad(images(), 1, { mdoe: 'reflect' } as never),
      nullInput: () => api.pad(null as never, 1),
      disposedTensor: () => api.pad(disposed(), 1),
      oversized: () => api.pad(images(), huge),
    },
    resize: {
      misspelledOption: () => api.resize(images(), 4, { interpolaton: 'nearest' } as never),
      nullInput: () => api.resize(null as never, 4),
      disposedTensor: () => api.resize(disposed(), 4),
      oversized: () => api.resize(images(), [huge, huge]),
    },
    adjustBrightness: {
      misspelledOption: () => api.adjustBrightness(images(), 1.2, { pixelrange: 'symmetric' } as never),
      nullInput: () => api.adjustBrightness(null as never, 1.2),
      disposedTensor: () => api.adjustBrightness(disposed(), 1.2),
      oversized: 'n/a: the output has the input shape',
    },
    adjustContrast: {
      misspelledOption: () => api.adjustContrast(images(), 1.2, { pixelRnage: 'unit' } as never),
      nullInput: () => api.adjustContrast(null as never, 1.2),
      disposedTensor: () => api.adjustContrast(disposed(), 1.2),
      oversized: 'n/a: the output has the input shape',
    },
    adjustSaturation: {
      misspelledOption: () => api.adjustSaturation(images(), 1.2, { pixel_range: 'unit' } as never),
      nullInput: () => api.adjustSaturation(null as never, 1.2),
      disposedTensor: () => api.adjustSaturation(disposed(), 1.2),
      oversized: 'n/a: the output has the input shape',
    },
    adjustGamma: {
      misspelledOption: () => api.adjustGamma(images(), 2, { gian: 2 } as never),
      nullInput: () => api.adjustGamma(null as never, 2),
      disposedTensor: () => api.adjustGamma(disposed(), 2),
      oversized: 'n/a: the output has the input shape',
    },
    gaussianBlur: {
      misspelledOption: () => api.gaussianBlur(images(), 3, { sigam: 1 } as never),
      nullInput: () => api.gaussianBlur(null as never, 3),
      disposedTensor: () => api.gaussianBlur(disposed(), 3),
      oversized: () => api.gaussianBlur(images(), 2 * huge + 1),
    },
    gaussianNoise: {
      misspelledOption: () => api.gaussianNoise(images(), { sdt: 0.5 } as never),
      nullInput: () => api.gaussianNoise(null as never),
      disposedTensor: () => api.gaussianNoise(disposed()),
      oversized: 'n/a: the output has the input shape',
    },
    erase: {
      misspelledOption: () => api.erase(images(), 0, 0, 2, 2, { vaule: 1 } as never),
      nullInput: () => api.erase(null as never, 0, 0, 2, 2),
      disposedTensor: () => api.erase(disposed(), 0, 0, 2, 2),
      oversized: 'n/a: the output has the input shape (boxes past the edge are clipped)',
    },
    elasticTransform: {
      misspelledOption: () => api.elasticTransform(images(), field(), { fil: 1 } as never),
      nullInput: () => api.elasticTransform(images(), null as never),
      disposedTensor: () => {
        const f = field();
        f.dispose();
        return api.elasticTransform(images(), f);
      },
      oversized: 'n/a: the output has the input shape',
    },
    Augmentation: augmentationProbes(
      () => api.randomFlip(),
      () => api.randomFlip().apply(images(), { sede: 1 } as never),
      hugeBatch(() => api.randomFlip()),
    ),
    RandomAugmentation: augmentationProbes(
      () => api.randomNoise(),
      () => api.randomNoise({ sameOnBach: true } as never),
      hugeBatch(() => api.randomNoise()),
    ),
    RandomFlip: augmentationProbes(() => new api.RandomFlip(), () => new api.RandomFlip({ vertcal: true } as never), hugeBatch(() => new api.RandomFlip())),
    randomFlip: augmentationProbes(() => api.randomFlip(), () => api.randomFlip({ vertcal: true } as never), hugeBatch(() => api.randomFlip())),
    RandomAffine: augmentationProbes(() => new api.RandomAffine(), () => new api.RandomAffine({ degress: 10 } as never), hugeBatch(() => new api.RandomAffine())),
    randomAffine: augmentationProbes(() => api.randomAffine(), () => api.randomAffine({ degress: 10 } as never), hugeBatch(() => api.randomAffine())),
    RandomCrop: augmentationProbes(
      () => new api.RandomCrop({ size: 4 }),
      () => new api.RandomCrop({ size: 4, paddng: 2 } as never),
      () => new api.RandomCrop({ size: huge }),
    ),
    randomCrop: augmentationProbes(
      () => api.randomCrop({ size: 4 }),
      () => api.randomCrop({ size: 4, paddng: 2 } as never),
      () => api.randomCrop({ size: 4, padding: 16_000 }).apply(images()),
    ),
    RandomResizedCrop: augmentationProbes(
      () => new api.RandomResizedCrop({ size: 4 }),
      () => new api.RandomResizedCrop({ size: 4, scael: [0.5, 1] } as never),
      () => new api.RandomResizedCrop({ size: huge }),
    ),
    randomResizedCrop: augmentationProbes(
      () => api.randomResizedCrop({ size: 4 }),
      () => api.randomResizedCrop({ size: 4, scael: [0.5, 1] } as never),
      () => api.randomResizedCrop({ size: [huge, 4] }),
    ),
    ColorJitter: augmentationProbes(() => new api.ColorJitter({ brightness: 0.2 }), () => new api.ColorJitter({ brightnes: 0.2 } as never), hugeBatch(() => new api.ColorJitter())),
    colorJitter: augmentationProbes(() => api.colorJitter({ brightness: 0.2 }), () => api.colorJitter({ brightnes: 0.2 } as never), hugeBatch(() => api.colorJitter())),
    RandomNoise: augmentationProbes(() => new api.RandomNoise(), () => new api.RandomNoise({ sdt: 0.2 } as never), hugeBatch(() => new api.RandomNoise())),
    randomNoise: augmentationProbes(() => api.randomNoise(), () => api.randomNoise({ sdt: 0.2 } as never), hugeBatch(() => api.randomNoise())),
    RandomErasing: augmentationProbes(() => new api.RandomErasing(), () => new api.RandomErasing({ vaule: 1 } as never), hugeBatch(() => new api.RandomErasing())),
    randomErasing: augmentationProbes(() => api.randomErasing(), () => api.randomErasing({ vaule: 1 } as never), hugeBatch(() => api.randomErasing())),
    RandomElastic: augmentationProbes(() => new api.RandomElastic(), () => new api.RandomElastic({ alhpa: 1 } as never), () => new api.RandomElastic({ sigma: huge })),
    randomElastic: augmentationProbes(() => api.randomElastic(), () => api.randomElastic({ alhpa: 1 } as never), () => api.randomElastic({ sigma: huge })),
    RandomGaussianBlur: augmentationProbes(
      () => new api.RandomGaussianBlur({ kernelSize: 3 }),
      () => new api.RandomGaussianBlur({ kernelSize: 3, sigam: [1, 2] } as never),
      () => new api.RandomGaussianBlur({ kernelSize: 2 * huge + 1 }),
    ),
    randomGaussianBlur: augmentationProbes(
      () => api.randomGaussianBlur({ kernelSize: 3 }),
      () => api.randomGaussianBlur({ kernelSize: 3, sigam: [1, 2] } as never),
      () => api.randomGaussianBlur({ kernelSize: [3, 2 * huge + 1] }),
    ),
    Compose: augmentationProbes(
      () => new api.Compose([api.randomFlip()]),
      () => new api.Compose([api.randomFlip()], { sede: 1 } as never),
      () => new api.Compose([api.randomFlip(), api.randomCrop({ size: 4, padIfNeeded: true, padding: 16_000 })]).apply(images()),
    ),
    compose: augmentationProbes(
      () => api.compose([api.randomFlip()]),
      () => api.compose([api.randomFlip()], { sede: 1 } as never),
      hugeBatch(() => api.compose([api.randomFlip()])),
    ),
    OneOf: augmentationProbes(() => new api.OneOf([api.randomFlip()]), () => new api.OneOf([api.randomFlip()], { wieghts: [1] } as never), hugeBatch(() => new api.OneOf([api.randomFlip()]))),
    oneOf: augmentationProbes(() => api.oneOf([api.randomFlip()]), () => api.oneOf([api.randomFlip()], { wieghts: [1] } as never), hugeBatch(() => api.oneOf([api.randomFlip()]))),
    SomeOf: augmentationProbes(
      () => new api.SomeOf([api.randomFlip()], 1),
      () => new api.SomeOf([api.randomFlip()], 1, { replce: true } as never),
      () => new api.SomeOf([api.randomFlip()], 1e9, { replace: true }),
    ),
    someOf: augmentationProbes(
      () => api.someOf([api.randomFlip()], 1),
      () => api.someOf([api.randomFlip()], 1, { replce: true } as never),
      () => api.someOf([api.randomFlip()], [0, 1e9], { replace: true }),
    ),
    RandomOrder: augmentationProbes(
      () => new api.RandomOrder([api.randomFlip()]),
      () => new api.RandomOrder([api.randomFlip()], { sameOnBach: true } as never),
      hugeBatch(() => new api.RandomOrder([api.randomFlip()])),
    ),
    randomOrder: augmentationProbes(
      () => api.randomOrder([api.randomFlip()]),
      () => api.randomOrder([api.randomFlip()], { sameOnBach: true } as never),
      hugeBatch(() => api.randomOrder([api.randomFlip()])),
    ),
    DiffAugment: augmentationProbes(() => new api.DiffAugment(), () => new api.DiffAugment({ polcy: ['color'] } as never), hugeBatch(() => new api.DiffAugment())),
    diffAugmentation: augmentationProbes(() => api.diffAugmentation(), () => api.diffAugmentation({ cutoutRatoi: 0.2 } as never), hugeBatch(() => api.diffAugmentation())),
    diffAugment: {
      misspelledOption: () => api.diffAugment(images(), { polcy: ['color'] } as never),
      nullInput: () => api.diffAugment(null as never),
      disposedTensor: () => api.diffAugment(disposed()),
      oversized: 'n/a: the output has the input shape',
    },
    AdaController: {
      misspelledOption: () => new api.AdaController({ traget: 0.5 } as never),
      nullInput: () => new api.AdaController().update(null as never),
      disposedTensor: () => new api.AdaController().update(disposed()),
      oversized: 'n/a: takes logits of any length and allocates nothing',
    },
    createAdaController: {
      misspelledOption: () => api.createAdaController({ traget: 0.5 } as never),
      nullInput: () => api.createAdaController().update(null as never),
      disposedTensor: () => api.createAdaController().update(disposed()),
      oversized: 'n/a: takes logits of any length and allocates nothing',
    },
    augmentationFromJSON: {
      misspelledOption: () => augmentationFromJSONProbe(),
      nullInput: () => api.augmentationFromJSON(null as never),
      disposedTensor: 'n/a: takes a JSON config, not a tensor',
      oversized: () => api.augmentationFromJSON({ type: 'randomResizedCrop', options: { size: huge } }),
    },
  },
});

function augmentationFromJSONProbe() {
  return api.augmentationFromJSON(JSON.stringify({ type: 'compose', options: {}, children: [{ type: 'randomAffine', options: { degress: 10 } }] }));
}
