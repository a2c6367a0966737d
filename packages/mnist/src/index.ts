export {
  ChecksumError,
  DatasetUnavailableError,
  type DownloadAttempt,
  DownloadError,
  IdxFormatError,
  MnistError,
  MnistOptionError,
} from './errors';
export { type IdxArray, type IdxDtype, type IdxTypedArray, readIdx, type WriteIdxOptions, writeIdx } from './idx';
export {
  type LoadMnistOptions,
  loadMnist,
  type MnistDataset,
  type MnistProgress,
  type MnistSource,
  type MnistSplit,
  type MnistSplitName,
} from './load-mnist';
export { type ImageRange, type ToImageTensorOptions, toImageTensor } from './to-image-tensor';
