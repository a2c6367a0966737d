import { contractSuite } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { GanMetricsError } from './errors';
import * as api from './index';

const features = () => tf.tensor2d([[0, 1], [1, 0], [2, 2], [3, 1], [0, 4], [5, 5], [1, 6]]);
const disposed = () => {
  const t = features();
  t.dispose();
  return t;
};
const disposedImages = () => {
  const t = tf.zeros([2, 28, 28, 1]) as tf.Tensor4D;
  t.dispose();
  return t;
};
const probabilities = () => tf.tensor2d([[0.5, 0.5], [1, 0]]);
const flatten = () => api.createFeatureExtractor((images) => tf.reshape(images, [images.shape[0], -1]));
const images = () => tf.zeros([2, 28, 28, 1]) as tf.Tensor4D;
const stats = () => new api.FeatureStatistics(2).update(features());

contractSuite({
  packageName: '@ganforge/gan-metrics',
  api,
  baseError: GanMetricsError,
  cases: {
    classifierScore: {
      misspelledOption: () => api.classifierScore(probabilities(), { splts: 1 } as never),
      nullInput: () => api.classifierScore(null as never),
      disposedTensor: () => api.classifierScore(disposed()),
      oversized: () => api.classifierScore(probabilities(), { splits: 1e6 }),
    },
    classStatistics: {
      misspelledOption: () => api.classStatistics(probabilities(), { confidance: 0.5 } as never),
      nullInput: () => api.classStatistics(null as never),
      disposedTensor: () => api.classStatistics(disposed()),
      oversized: 'n/a: takes no size (one pass over the rows given)',
    },
    createFeatureExtractor: {
      misspelledOption: () => api.createFeatureExtractor((x) => x, { nmae: 'x' } as never),
      nullInput: () => api.createFeatureExtractor(null as never, { layer: 'features' }),
      disposedTensor: 'n/a: takes a function or a model, no tensor',
      oversized: () => api.createFeatureExtractor((x) => x, { imageShape: [1e6, 1, 1] }),
    },
    extractFeatures: {
      misspelledOption: () => api.extractFeatures(images(), flatten(), { batchsize: 2 } as never),
      nullInput: () => api.extractFeatures(null as never, flatten()),
      disposedTensor: () => api.extractFeatures(disposedImages(), flatten()),
      oversized: () => api.extractFeatures(images(), flatten(), { batchSize: 2 ** 25 }),
    },
    loadFeatureNetwork: {
      misspelledOption: () => api.loadFeatureNetwork('mnist', { nmae: 1 } as never),
      nullInput: () => api.loadFeatureNetwork(null as never),
      disposedTensor: 'n/a: takes a network name, no tensor',
      oversized: 'n/a: takes no size',
    },
    FeatureStatistics: {
      misspelledOption: 'n/a: the constructor takes only the dimension, no options object',
      nullInput: () => new api.FeatureStatistics(2).update(null as never),
      disposedTensor: () => new api.FeatureStatistics(2).update(disposed()),
      oversized: () => new api.FeatureStatistics(100_000),
    },
    frechetDistance: {
      misspelledOption: 'n/a: takes two FeatureStatistics and no options',
      nullInput: () => api.frechetDistance(null as never, stats()),
      disposedTensor: 'n/a: takes FeatureStatistics (plain float64 arrays), no tensor',
      oversized: 'n/a: the size limit is the FeatureStatistics dimension (MAX_FEATURE_DIMENSION), checked by its constructor',
    },
    kernelInceptionDistance: {
      misspelledOption: () => api.kernelInceptionDistance(features(), features(), { subset: 2 } as never),
      nullInput: () => api.kernelInceptionDistance(null as never, features()),
      disposedTensor: () => api.kernelInceptionDistance(disposed(), features()),
      oversized: () => api.kernelInceptionDistance(features(), features(), { subsets: 1e6 }),
    },
    polynomialMmd: {
      misspelledOption: () => api.polynomialMmd(features(), features(), { degre: 2 } as never),
      nullInput: () => api.polynomialMmd(features(), null as never),
      disposedTensor: () => api.polynomialMmd(features(), disposed()),
      oversized: () => api.polynomialMmd(features(), features(), { degree: 100 }),
    },
    precisionRecall: {
      misspelledOption: () => api.precisionRecall(features(), features(), { kk: 3 } as never),
      nullInput: () => api.precisionRecall(null as never, features()),
      disposedTensor: () => api.precisionRecall(features(), disposed()),
      oversized: () => api.precisionRecall(features(), features(), { k: 1e6 }),
    },
    densityCoverage: {
      misspelledOption: () => api.densityCoverage(features(), features(), { kk: 5 } as never),
      nullInput: () => api.densityCoverage(features(), null as never),
      disposedTensor: () => api.densityCoverage(disposed(), features()),
      oversized: () => api.densityCoverage(features(), features(), { k: 1e6 }),
    },
    computeReference: {
      misspelledOption: () => api.computeReference(images(), { pixelrange: 'unit' } as never),
      nullInput: () => api.computeReference(null as never, { network: flatten() }),
      disposedTensor: () => api.computeReference(disposedImages(), { network: flatten() }),
      oversized: () => api.computeReference(images(), { batchSize: 2 ** 25 }),
    },
    loadReference: {
      misspelledOption: () => api.loadReference('mnist', { nmae: 1 } as never),
      nullInput: () => api.loadReference(null as never),
      disposedTensor: 'n/a: takes a reference name, no tensor',
      oversized: 'n/a: takes no size',
    },
    scoreImages: {
      misspelledOption: () => api.scoreImages(images(), { metric: ['fid'] } as never),
      nullInput: () => api.scoreImages(null as never, { metrics: ['fid'] }),
      disposedTensor: () => api.scoreImages(disposedImages(), { metrics: ['fid'] }),
      oversized: () => api.scoreImages(images(), { maxSamples: 2 ** 25 }),
    },
  },
  exempt: {
    GanMetricsError: 'error class',
    OptionError: 'error class',
    TensorError: 'error class',
    ShapeError: 'error class',
    DtypeError: 'error class',
    LimitError: 'error class',
    FormatError: 'error class',
    StateError: 'error class',
    ValueError: 'error class',
    FEATURE_NETWORKS: 'constant: the shipped network names',
    MAX_FEATURE_DIMENSION: 'constant: the largest FeatureStatistics dimension',
    REFERENCE_SETS: 'constant: the shipped reference names',
    METRIC_NAMES: 'constant: the metric groups of scoreImages',
  },
});
