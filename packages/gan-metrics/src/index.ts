export { DtypeError, FormatError, GanMetricsError, LimitError, OptionError, ShapeError, StateError, TensorError } from './errors';
