import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractSuite } from '@ganforge/test-utils';
import { gzipSync } from 'fflate';
import { MnistError } from './errors';
import * as api from './index';

const idx = () => api.writeIdx({ dtype: 'uint8', shape: [1, 2, 2], data: Uint8Array.of(1, 2, 3, 4) });
const split = () => ({ images: Uint8Array.of(1, 2, 3, 4), count: 1, rows: 2, cols: 2 });
/** A small gzip whose IDX header declares 4 GiB of uint8 images [65536, 256, 256]. */
const claim4GiB = () => gzipSync(Uint8Array.of(0, 0, 0x08, 3, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0), { mtime: 0 });
const noTensor = 'n/a: takes no tensor';

contractSuite({
  packageName: '@ganforge/mnist',
  api,
  baseError: MnistError,
  cases: {
    readIdx: {
      misspelledOption: () => api.readIdx(idx(), { maxBytess: 1 } as never),
      nullInput: () => api.readIdx(null as never),
      disposedTensor: noTensor,
      oversized: () => api.readIdx(claim4GiB()),
    },
    writeIdx: {
      misspelledOption: () => api.writeIdx(api.readIdx(idx()), { gzp: true } as never),
      nullInput: () => api.writeIdx(null as never),
      disposedTensor: noTensor,
      oversized: () => api.writeIdx({ dtype: 'uint8', shape: [2 ** 31], data: new Uint8Array(0) }),
    },
    loadMnist: {
      misspelledOption: () => api.loadMnist({ downlaod: false } as never),
      nullInput: () => api.loadMnist(null as never),
      disposedTensor: noTensor,
      oversized: async () => {
        const dir = await mkdtemp(join(tmpdir(), 'ganforge-mnist-contract-'));
        try {
          await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), claim4GiB());
          await writeFile(join(dir, 'train-labels-idx1-ubyte'), api.writeIdx({ dtype: 'uint8', shape: [1], data: Uint8Array.of(1) }));
          await api.loadMnist({ dir });
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    },
    toImageTensor: {
      misspelledOption: () => api.toImageTensor(split(), { rnage: 'unit' } as never),
      nullInput: () => api.toImageTensor(null as never),
      disposedTensor: noTensor,
      oversized: () => api.toImageTensor({ images: new Uint8Array(0), count: 1e6, rows: 1e6, cols: 1 }),
    },
  },
  exempt: {
    MnistError: 'error class',
    OptionError: 'error class',
    MnistOptionError: 'error class (deprecated alias of OptionError)',
    LimitError: 'error class',
    FormatError: 'error class',
    IdxFormatError: 'error class',
    ChecksumError: 'error class',
    DownloadError: 'error class',
    DatasetUnavailableError: 'error class',
  },
});
