import { contractSuite } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { GanLayersError } from './errors';
import * as api from './index';

/** A tensor that has been disposed. */
function disposed(shape: number[] = [2, 28, 28, 1]): tf.Tensor {
  const t = tf.zeros(shape);
  t.dispose();
  return t;
}

/** Models built once, on first use (after the test setup has chosen the backend). */
const built = new Map<string, tfl.LayersModel>();
function model(name: string, make: () => tfl.LayersModel): tfl.LayersModel {
  if (!built.has(name)) built.set(name, make());
  return built.get(name)!;
}
const generator = () => model('generator', () => api.createDcganGenerator({ imageShape: [8, 8, 1], width: 2, latentDim: 4, seed: 1 }));
const discriminator = () => model('discriminator', () => api.createDcganDiscriminator({ imageShape: [8, 8, 1], width: 2, seed: 1 }));
const seedPair = () => model('seed', () => api.seedDcgan({ seed: 1 }).generator);
const tutorialPair = () => model('tutorial', () => api.tutorialDcgan({ seed: 1 }).discriminator);

contractSuite({
  packageName: '@ganforge/gan-layers',
  api,
  baseError: GanLayersError,
  cases: {
    createDcganGenerator: {
      misspelledOption: () => api.createDcganGenerator({ widht: 8 } as never),
      nullInput: () => generator().predict(null as never),
      disposedTensor: () => generator().predict(disposed([2, 4])),
      oversized: () => api.createDcganGenerator({ width: 1e6 }),
    },
    createDcganDiscriminator: {
      misspelledOption: () => api.createDcganDiscriminator({ dropuot: 0.3 } as never),
      nullInput: () => discriminator().predict(null as never),
      disposedTensor: () => discriminator().predict(disposed([2, 8, 8, 1])),
      oversized: () => api.createDcganDiscriminator({ imageShape: [32_768, 32_768, 1] }),
    },
    seedDcgan: {
      misspelledOption: () => api.seedDcgan({ seeed: 1 } as never),
      nullInput: () => seedPair().predict(null as never),
      disposedTensor: () => seedPair().predict(disposed([2, 100])),
      oversized: 'n/a: a fixed 28x28x1 architecture with no size option',
    },
    tutorialDcgan: {
      misspelledOption: () => api.tutorialDcgan({ seeed: 1 } as never),
      nullInput: () => tutorialPair().predict(null as never),
      disposedTensor: () => tutorialPair().predict(disposed()),
      oversized: 'n/a: a fixed 28x28x1 architecture with no size option',
    },
    ClassEmbedding: {
      misspelledOption: () => new api.ClassEmbedding({ numClasses: 10, outputDim: 4, sed: 1 } as never),
      nullInput: () => new api.ClassEmbedding({ numClasses: 10, outputDim: 4 }).apply(null as never),
      disposedTensor: () => new api.ClassEmbedding({ numClasses: 10, outputDim: 4 }).apply(disposed([2])),
      oversized: () => new api.ClassEmbedding({ numClasses: 1e6, outputDim: 1e6 }),
    },
    InstanceNormalization: {
      misspelledOption: () => new api.InstanceNormalization({ centre: false } as never),
      nullInput: () => new api.InstanceNormalization().apply(null as never),
      disposedTensor: () => new api.InstanceNormalization().apply(disposed()),
      oversized: 'n/a: no size option; the output is the size of the input',
    },
    MinibatchStdDev: {
      misspelledOption: () => new api.MinibatchStdDev({ groupsize: 2 } as never),
      nullInput: () => new api.MinibatchStdDev().apply(null as never),
      disposedTensor: () => new api.MinibatchStdDev().apply(disposed()),
      oversized: 'n/a: numChannels must divide the input channels, so the output is at most twice the input',
    },
    PixelNorm: {
      misspelledOption: () => new api.PixelNorm({ epsilom: 1e-6 } as never),
      nullInput: () => new api.PixelNorm().apply(null as never),
      disposedTensor: () => new api.PixelNorm().apply(disposed()),
      oversized: 'n/a: no size option; the output is the size of the input',
    },
    SeededDropout: {
      misspelledOption: () => new api.SeededDropout({ rate: 0.3, seeed: 1 } as never),
      nullInput: () => new api.SeededDropout({ rate: 0.3, seed: 1 }).apply(null as never),
      disposedTensor: () => new api.SeededDropout({ rate: 0.3, seed: 1 }).apply(disposed(), { training: true }),
      oversized: 'n/a: no size option; the output is the size of the input',
    },
    SpectralNormalization: {
      misspelledOption: () => new api.SpectralNormalization({ layer: tfl.layers.dense({ units: 2 }), powerIteration: 3 } as never),
      nullInput: () => new api.SpectralNormalization({ layer: tfl.layers.dense({ units: 2 }) }).apply(null as never),
      disposedTensor: () => new api.SpectralNormalization({ layer: tfl.layers.dense({ units: 2 }) }).apply(disposed([2, 3])),
      oversized: 'n/a: its weights are the wrapped layer’s, sized by tfjs-layers',
    },
    SubPixelUpsampling: {
      misspelledOption: () => new api.SubPixelUpsampling({ blocksize: 4 } as never),
      nullInput: () => new api.SubPixelUpsampling().apply(null as never),
      disposedTensor: () => new api.SubPixelUpsampling().apply(disposed([1, 2, 2, 4])),
      oversized: () => new api.SubPixelUpsampling({ blockSize: 1e6 }),
    },
    registerGanLayers: {
      misspelledOption: 'n/a: takes no arguments',
      nullInput: 'n/a: takes no arguments',
      disposedTensor: 'n/a: takes no arguments',
      oversized: 'n/a: takes no arguments',
    },
  },
  exempt: {
    GanLayersError: 'error class',
    OptionError: 'error class',
    TensorError: 'error class',
    ShapeError: 'error class',
    LimitError: 'error class',
    ImageShapeError: 'error class (a ShapeError)',
    LayerInputError: 'error class (a ShapeError)',
    GAN_ACTIVATIONS: 'constant list of activation names',
    NORMALIZATIONS: 'constant list of normalization names',
    WEIGHT_INITS: 'constant list of initialization names',
  },
});
