/**
 * Errors thrown by `@ganforge/mnist`. Every error derives from the house
 * `GanforgeError` (so `isGanforgeError(error)` is true across ganforge
 * packages) and carries `functionName`, `argument`, `expected`, `actual` and,
 * where another error caused it, `cause`. The message reads
 * `<function>: <argument> must be <expected>, got <actual>`.
 */
import { GanforgeError, type GanforgeErrorDetails } from '@ganforge/internal';

/** Fields shared by every error of this package (the house `GanforgeErrorDetails`). */
export type MnistErrorDetails = GanforgeErrorDetails;

/**
 * Base class of every error thrown by `@ganforge/mnist`; catch it to handle all of them.
 *
 * @example
 * try { readIdx(bytes); } catch (error) { if (error instanceof MnistError) console.error(error.argument); }
 */
export class MnistError extends GanforgeError {
  override name = 'MnistError';
}

/**
 * An unknown option key (with a did-you-mean: `loadMnist({ downlaod: false })`
 * throws), or an option or argument out of its domain.
 *
 * @example
 * await loadMnist({ dataset: 'cifar' as never });
 * // OptionError: loadMnist: options.dataset must be one of 'mnist', 'fashion-mnist', 'kmnist', got 'cifar'
 */
export class OptionError extends MnistError {
  override name = 'OptionError';
}

/**
 * The previous name of {@link OptionError}, kept until the next minor version.
 *
 * @deprecated Use `OptionError`; `MnistOptionError` is removed in the next minor version.
 * @example
 * if (error instanceof MnistOptionError) console.error(error.message); // same as instanceof OptionError
 */
export const MnistOptionError = OptionError;
/** @deprecated Use `OptionError`. */
export type MnistOptionError = OptionError;

/**
 * A size past a limit, checked before allocating: an IDX file whose header
 * declares more than `maxBytes` (default `LIMITS.idxBytes`, 2 GiB - 1), a
 * file or download larger than that, or a tensor past `LIMITS.tensorElements`.
 *
 * @example
 * readIdx(bytes, { maxBytes: 1024 });
 * // LimitError: readIdx: bytes must be IDX data of at most 1024 bytes (options.maxBytes), got a header declaring 47040016 bytes (uint8 [60000, 28, 28])
 */
export class LimitError extends MnistError {
  override name = 'LimitError';
}

/**
 * Bytes that are not the format they claim: the house kind of
 * {@link IdxFormatError}.
 *
 * @example
 * if (error instanceof FormatError) console.error(error.message);
 */
export class FormatError extends MnistError {
  override name = 'FormatError';
}

/**
 * Bytes that are not a valid IDX file (wrong magic, unknown type code,
 * dimensions that disagree with the byte length, truncated or corrupt gzip),
 * an IDX file of the wrong dtype or rank for its role (MNIST images must be
 * uint8 `[count, rows, cols]`), or an array that cannot be written as one.
 *
 * @example
 * expect(() => readIdx(new Uint8Array([1, 2, 3, 4]))).toThrow(IdxFormatError);
 */
export class IdxFormatError extends FormatError {
  override name = 'IdxFormatError';
}

/**
 * A file whose SHA-256 differs from the recorded digest. The file is never
 * used (a download is not written to the cache).
 *
 * @example
 * catch (error) { if (error instanceof ChecksumError) console.error(error.file, error.expectedDigest, error.actualDigest); }
 */
export class ChecksumError extends MnistError {
  override name = 'ChecksumError';
  /** The file name, URL or path that failed. */
  readonly file: string;
  /** The recorded SHA-256, hex. */
  readonly expectedDigest: string;
  /** The SHA-256 of what came, hex. */
  readonly actualDigest: string;

  constructor(details: { functionName: string; file: string; what: string; expectedDigest: string; actualDigest: string }) {
    super({
      functionName: details.functionName,
      argument: details.file,
      expected: `${details.what} SHA-256 ${details.expectedDigest}`,
      actual: details.actualDigest,
    });
    this.file = details.file;
    this.expectedDigest = details.expectedDigest;
    this.actualDigest = details.actualDigest;
  }
}

/** One failed try at fetching a file from a mirror. */
export interface DownloadAttempt {
  /** The URL tried. */
  url: string;
  /** Why it failed, in words. */
  reason: string;
  /** The error behind it. */
  error: unknown;
}

/**
 * Every mirror failed for one file (network error, HTTP status, timeout, a
 * transfer cut short or larger than `maxBytes`, bad data). `attempts` lists
 * each URL and why.
 *
 * @example
 * catch (error) { if (error instanceof DownloadError) for (const a of error.attempts) console.error(a.url, a.reason); }
 */
export class DownloadError extends MnistError {
  override name = 'DownloadError';
  /** The file that could not be fetched. */
  readonly file: string;
  /** Each mirror tried, in order, and why it failed. */
  readonly attempts: DownloadAttempt[];

  constructor(details: { functionName: string; file: string; attempts: DownloadAttempt[] }) {
    const { attempts } = details;
    const actual = attempts.length === 0 ? 'no mirrors to try' : attempts.map((a) => `${a.url}: ${a.reason}`).join('; ');
    super({ functionName: details.functionName, argument: details.file, expected: 'downloadable from one of the mirrors', actual });
    this.file = details.file;
    this.attempts = attempts;
  }
}

/**
 * A dataset split that is not where `loadMnist` looked: a given `options.dir`
 * that is missing or lacks the split's files (no fallback then), or, without
 * `dir`, a split that is neither cached nor downloadable and has no embedded
 * default (Fashion-MNIST, KMNIST, or MNIST with `embedded: false`). The
 * message names the folders and the files looked for; `cause` holds the
 * download error, if any.
 *
 * @example
 * await loadMnist({ dir: '/nonexistent' });
 * // DatasetUnavailableError: loadMnist: options.dir must be a folder holding train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz), got '/nonexistent', which does not exist
 */
export class DatasetUnavailableError extends MnistError {
  override name = 'DatasetUnavailableError';
  /** The files to provide, e.g. `['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']`. */
  readonly files: string[];
  /** Folders where `loadMnist` looked for them. */
  readonly folders: string[];

  constructor(details: MnistErrorDetails & { files: string[]; folders: string[] }) {
    super(details);
    this.files = details.files;
    this.folders = details.folders;
  }
}
