export {
  ChecksumError,
  DatasetUnavailableError,
  type DownloadAttempt,
  DownloadError,
  FormatError,
  IdxFormatError,
  LimitError,
  MnistError,
  type MnistErrorDetails,
  MnistOptionError,
  OptionError,
} from './errors';
export {
  type IdxArray,
  type IdxDtype,
  type IdxTypedArray,
  type ReadIdxOptions,
  readIdx,
  type WriteIdxOptions,
  writeIdx,
} from './idx';
export {
  type LoadMnistOptions,
  loadMnist,
  type MnistDataset,
  type MnistProgress,
  type MnistSource,
  type MnistSplit,
  type MnistSplitName,
} from './load-mnist';
export { type ImageRange, type PixelRange, type ToImageTensorOptions, toImageTensor } from './to-image-tensor';
