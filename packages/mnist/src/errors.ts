/**
 * Base class of every error thrown by `@ganforge/mnist`. The message names the
 * function, the argument, what was expected and what came.
 *
 * @example
 * try { readIdx(bytes); } catch (error) { if (error instanceof MnistError) console.error(error.argument); }
 */
export class MnistError extends Error {
  /** The argument or file at fault, e.g. `bytes`, `options.dataset` or a path. */
  readonly argument: string;
  /** What was expected, in words. */
  readonly expected: string;
  /** What came instead, in words. */
  readonly actual: string;

  constructor(fn: string, argument: string, expected: string, actual: string, options?: { cause?: unknown }) {
    super(`${fn}: ${argument} must be ${expected}, got ${actual}`, options);
    this.name = 'MnistError';
    this.argument = argument;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * Bytes that are not a valid IDX file (wrong magic, unknown type code,
 * dimensions that disagree with the byte length, truncated or corrupt gzip),
 * or an array that cannot be written as one.
 *
 * @example
 * expect(() => readIdx(new Uint8Array([1, 2, 3, 4]))).toThrow(IdxFormatError);
 */
export class IdxFormatError extends MnistError {
  constructor(fn: string, argument: string, expected: string, actual: string, options?: { cause?: unknown }) {
    super(fn, argument, expected, actual, options);
    this.name = 'IdxFormatError';
  }
}

/**
 * An option of `loadMnist` or `toImageTensor` out of its domain.
 *
 * @example
 * await loadMnist({ dataset: 'cifar' as never }); // throws MnistOptionError
 */
export class MnistOptionError extends MnistError {
  constructor(fn: string, argument: string, expected: string, actual: string) {
    super(fn, argument, expected, actual);
    this.name = 'MnistOptionError';
  }
}

/**
 * A file whose SHA-256 differs from the recorded digest. The file is never
 * used (a download is not written to the cache).
 *
 * @example
 * catch (error) { if (error instanceof ChecksumError) console.error(error.file, error.expectedDigest, error.actualDigest); }
 */
export class ChecksumError extends MnistError {
  /** The file name, URL or path that failed. */
  readonly file: string;
  /** The recorded SHA-256, hex. */
  readonly expectedDigest: string;
  /** The SHA-256 of what came, hex. */
  readonly actualDigest: string;

  constructor(fn: string, file: string, what: string, expectedDigest: string, actualDigest: string) {
    super(fn, file, `${what} SHA-256 ${expectedDigest}`, actualDigest);
    this.name = 'ChecksumError';
    this.file = file;
    this.expectedDigest = expectedDigest;
    this.actualDigest = actualDigest;
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
 * transfer cut short, bad data). `attempts` lists each URL and why.
 *
 * @example
 * catch (error) { if (error instanceof DownloadError) for (const a of error.attempts) console.error(a.url, a.reason); }
 */
export class DownloadError extends MnistError {
  /** The file that could not be fetched. */
  readonly file: string;
  /** Each mirror tried, in order, and why it failed. */
  readonly attempts: DownloadAttempt[];

  constructor(fn: string, file: string, attempts: DownloadAttempt[]) {
    const actual = attempts.length === 0 ? 'no mirrors to try' : attempts.map((a) => `${a.url}: ${a.reason}`).join('; ');
    super(fn, file, 'downloadable from one of the mirrors', actual);
    this.name = 'DownloadError';
    this.file = file;
    this.attempts = attempts;
  }
}

/**
 * A dataset split that could not be found in `dir` or the cache nor
 * downloaded, and has no embedded default (Fashion-MNIST, KMNIST). The
 * message says where to put the files; `cause` holds the download error.
 *
 * @example
 * catch (error) { if (error instanceof DatasetUnavailableError) console.error(error.message); }
 */
export class DatasetUnavailableError extends MnistError {
  /** The files to provide, e.g. `['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']`. */
  readonly files: string[];
  /** Folders where `loadMnist` looks for them. */
  readonly folders: string[];

  constructor(fn: string, argument: string, files: string[], folders: string[], reasons: string, cause?: unknown) {
    const where =
      folders.length > 0
        ? `${files.join(' and ')} (gzipped or not) in ${folders.join(' or ')}, or a folder passed as options.dir`
        : `${files.join(' and ')} (gzipped or not) in a folder passed as options.dir`;
    super(fn, argument, `reachable; put ${where}`, reasons, { cause });
    this.name = 'DatasetUnavailableError';
    this.files = files;
    this.folders = folders;
  }
}
