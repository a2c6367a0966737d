import { contractSuite } from '@ganforge/test-utils';
import { GanMetricsError } from './errors';
import * as api from './index';

contractSuite({
  packageName: '@ganforge/gan-metrics',
  api,
  baseError: GanMetricsError,
  cases: {},
  exempt: {
    GanMetricsError: 'error class',
    OptionError: 'error class',
    TensorError: 'error class',
    ShapeError: 'error class',
    DtypeError: 'error class',
    LimitError: 'error class',
    FormatError: 'error class',
    StateError: 'error class',
  },
});
