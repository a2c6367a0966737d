import { contractSuite } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { NormalizeError } from './errors';
import * as api from './index';

const live = () => tf.zeros([2, 2, 2, 1]) as tf.Tensor4D;
const disposed = () => {
  const x = tf.zeros([2, 2, 2, 1]) as tf.Tensor4D;
  x.dispose();
  return x;
};
const stats = { mean: [0], std: [1] };
const sameShape = 'n/a: the output has the shape of the input tensor, which already exists';
const noOptions = 'n/a: takes no options object';

contractSuite({
  packageName: '@ganforge/normalize',
  api,
  baseError: NormalizeError,
  cases: {
    batches: {
      misspelledOption: () => api.batches(live(), { dropRemainer: true } as never),
      nullInput: () => api.batches(null as never),
      disposedTensor: () => api.batches(disposed()),
      oversized: () => api.batches(live(), { batchSize: 2 ** 24 + 1 }),
    },
    countBatches: {
      misspelledOption: () => api.countBatches(10, { dropRemainer: true } as never),
      nullInput: () => api.countBatches(null as never),
      disposedTensor: 'n/a: takes a count, no tensor',
      oversized: () => api.countBatches(10, { batchSize: 2 ** 24 + 1 }),
    },
    clipToRange: {
      misspelledOption: 'n/a: takes the range positionally, no options object',
      nullInput: () => api.clipToRange(null as never, 'unit'),
      disposedTensor: () => api.clipToRange(disposed(), 'unit'),
      oversized: sameShape,
    },
    fitMeanStd: {
      misspelledOption: () => api.fitMeanStd(live(), { unbaised: true } as never),
      nullInput: () => api.fitMeanStd(null as never),
      disposedTensor: () => api.fitMeanStd(disposed()),
      oversized: () => api.fitMeanStd(live(), { batchSize: 1e12 }),
    },
    assertNhwc: {
      misspelledOption: () => api.assertNhwc(live(), { chanels: 1 } as never),
      nullInput: () => api.assertNhwc(null),
      disposedTensor: () => api.assertNhwc(disposed()),
      oversized: 'n/a: reads the shape only, allocates nothing',
    },
    nchwToNhwc: {
      misspelledOption: noOptions,
      nullInput: () => api.nchwToNhwc(null as never),
      disposedTensor: () => api.nchwToNhwc(disposed()),
      oversized: sameShape,
    },
    nhwcToNchw: {
      misspelledOption: noOptions,
      nullInput: () => api.nhwcToNchw(null as never),
      disposedTensor: () => api.nhwcToNchw(disposed()),
      oversized: sameShape,
    },
    scaleRange: {
      misspelledOption: () => api.scaleRange(live(), { from: 'unit', to: 'symmetric', clp: true } as never),
      nullInput: () => api.scaleRange(null as never, { from: 'unit', to: 'symmetric' }),
      disposedTensor: () => api.scaleRange(disposed(), { from: 'unit', to: 'symmetric' }),
      oversized: sameShape,
    },
    shuffleIndices: {
      misspelledOption: () => api.shuffleIndices(10, { seeed: 1 } as never),
      nullInput: () => api.shuffleIndices(null as never),
      disposedTensor: 'n/a: takes a count, no tensor',
      oversized: () => api.shuffleIndices(1e10),
    },
    standardize: {
      misspelledOption: () => api.standardize(live(), stats, { epsilom: 1 } as never),
      nullInput: () => api.standardize(null as never, stats),
      disposedTensor: () => api.standardize(disposed(), stats),
      oversized: sameShape,
    },
    unstandardize: {
      misspelledOption: () => api.unstandardize(live(), stats, { epsilom: 1 } as never),
      nullInput: () => api.unstandardize(null as never, stats),
      disposedTensor: () => api.unstandardize(disposed(), stats),
      oversized: sameShape,
    },
    toUint8: {
      misspelledOption: () => api.toUint8(live(), { pixelRange: 'unit', clipp: true } as never),
      nullInput: () => api.toUint8(null as never, { pixelRange: 'unit' }),
      disposedTensor: () => api.toUint8(disposed(), { pixelRange: 'unit' }),
      oversized: sameShape,
    },
  },
  exempt: {
    NormalizeError: 'error class',
    OptionError: 'error class',
    TensorError: 'error class',
    ShapeError: 'error class',
    DtypeError: 'error class',
    LimitError: 'error class',
    RangeSpecError: 'error class',
    StatsError: 'error class',
    PIXEL_RANGES: 'constant: the bounds of the named pixel ranges',
  },
});
