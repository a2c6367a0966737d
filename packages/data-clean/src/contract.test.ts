import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractSuite } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll } from 'vitest';
import { DataCleanError } from './errors';
import * as api from './index';
import { hugePng } from './testing/images';
import * as nodeApi from './node';

const live = () => tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
const disposed = () => {
  const x = tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
  x.dispose();
  return x;
};
const disposedLabels = () => {
  const labels = tf.tensor1d([1]);
  labels.dispose();
  return labels as tf.Tensor1D;
};
let cached: api.AuditReport | undefined;
const report = async () => {
  if (!cached) {
    const x = tf.randomUniform([4, 4, 4, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    cached = await api.audit(x, { checks: ['constant'] });
    x.dispose();
  }
  return cached;
};
const folder = mkdtempSync(join(tmpdir(), 'data-clean-contract-'));
writeFileSync(join(folder, 'huge.png'), hugePng(60000, 60000));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const errorClass = 'n/a: an error class, thrown by the functions';

contractSuite({
  packageName: '@ganforge/data-clean',
  api,
  baseError: DataCleanError,
  cases: {
    audit: {
      misspelledOption: () => api.audit(live(), { lables: [0, 1] } as never),
      nullInput: () => api.audit(null as never),
      disposedTensor: () => api.audit(disposed()),
      oversized: () => api.audit(live(), { batchSize: 1e9 }),
    },
    auditAcross: {
      misspelledOption: () => api.auditAcross(live(), live(), { neighbors: 3 } as never),
      nullInput: () => api.auditAcross(null as never, live()),
      disposedTensor: () => api.auditAcross(live(), disposed()),
      oversized: () => api.auditAcross(live(), live(), { neighbours: 1e9 }),
    },
    clean: {
      misspelledOption: async () => api.clean(live(), await report(), { dorp: ['constant'] } as never),
      nullInput: async () => api.clean(null as never, await report()),
      disposedTensor: async () => api.clean(disposed(), await report()),
      oversized: 'n/a: keeps a subset of its input, so it never allocates more than the input holds',
    },
    contactSheet: {
      misspelledOption: () => api.contactSheet(live(), { colums: 4 } as never),
      nullInput: () => api.contactSheet(null as never),
      disposedTensor: () => api.contactSheet(disposed()),
      oversized: () => api.contactSheet(live(), { scale: 1e5 }),
    },
    decodeImage: {
      misspelledOption: () => api.decodeImage(hugePng(1, 1), { channel: 1 } as never),
      nullInput: () => api.decodeImage(null as never),
      disposedTensor: 'n/a: takes the bytes of a file, no tensor',
      oversized: () => api.decodeImage(hugePng(60000, 60000)),
    },
    findLabelIssues: {
      misspelledOption: () => api.findLabelIssues([0, 1], [[0.9, 0.1], [0.2, 0.8]], { filterby: 'both' } as never),
      nullInput: () => api.findLabelIssues(null as never, [[0.9, 0.1]]),
      disposedTensor: () => {
        const probabilities = tf.tensor2d([[0.9, 0.1]]);
        probabilities.dispose();
        return api.findLabelIssues([0], probabilities);
      },
      oversized: 'n/a: returns per-example results for the matrix it is given, allocates nothing larger',
    },
    labelIssueSheet: {
      misspelledOption: () => api.labelIssueSheet(live(), [{ index: 0, given: 1, suggested: 0, score: 0 }], { colums: 4 } as never),
      nullInput: () => api.labelIssueSheet(null as never, []),
      disposedTensor: () => api.labelIssueSheet(disposed(), []),
      oversized: () => api.labelIssueSheet(live(), [{ index: 0, given: 1, suggested: 0, score: 0 }], { scale: 1e5 }),
    },
    neighbourProbabilities: {
      misspelledOption: () => api.neighbourProbabilities(live(), [0, 1], { neighbors: 3 } as never),
      nullInput: () => api.neighbourProbabilities(null as never, [0, 1]),
      disposedTensor: () => api.neighbourProbabilities(disposed(), [0, 1]),
      oversized: () => api.neighbourProbabilities(live(), [0, 1], { neighbours: 1e9 }),
    },
    AuditReport: {
      misspelledOption: 'n/a: made by audit(); its methods take no options object',
      nullInput: async () => (await report()).flagged(null as never),
      disposedTensor: 'n/a: holds no tensors',
      oversized: async () => (await report()).issuesOf(1e9),
    },
    LeakageReport: {
      misspelledOption: 'n/a: made by auditAcross(); its methods take no arguments',
      nullInput: () => new api.LeakageReport(null as never),
      disposedTensor: 'n/a: holds no tensors',
      oversized: 'n/a: its methods take no arguments',
    },
  },
  exempt: {
    DataCleanError: errorClass,
    OptionError: errorClass,
    TensorError: errorClass,
    ShapeError: errorClass,
    DtypeError: errorClass,
    LimitError: errorClass,
    FormatError: errorClass,
    DecodeError: errorClass,
    LabelError: errorClass,
    ReportError: errorClass,
    FileError: errorClass,
    DEFAULT_THRESHOLDS: 'n/a: a frozen constant (the default thresholds)',
    ISSUE_TYPES: 'n/a: a constant (the issue names in report order)',
  },
});

contractSuite({
  packageName: '@ganforge/data-clean/node',
  api: nodeApi,
  baseError: DataCleanError,
  cases: {
    auditFolder: {
      misspelledOption: () => nodeApi.auditFolder(folder, { recursve: true } as never),
      nullInput: () => nodeApi.auditFolder(null as never),
      disposedTensor: () => nodeApi.auditFolder(folder, { labels: disposedLabels() }),
      oversized: () => nodeApi.auditFolder(folder, { resize: [1e6, 1e6] }),
    },
    writeContactSheet: {
      misspelledOption: () => nodeApi.writeContactSheet(join(folder, 'a.png'), live(), { scael: 1 } as never),
      nullInput: () => nodeApi.writeContactSheet(join(folder, 'b.png'), null as never),
      disposedTensor: () => nodeApi.writeContactSheet(join(folder, 'c.png'), disposed()),
      oversized: () => nodeApi.writeContactSheet(join(folder, 'd.png'), live(), { padding: 1e6 }),
    },
    writeFileAtomic: {
      misspelledOption: 'n/a: takes no options object',
      nullInput: () => nodeApi.writeFileAtomic(null as never, new Uint8Array(2)),
      disposedTensor: 'n/a: takes bytes, no tensor',
      oversized: 'n/a: writes the bytes it is given, allocates nothing',
    },
  },
});
