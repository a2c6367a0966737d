/** Base class of every error thrown by @ganforge/kernels. */
export class KernelsError extends Error {
  override name = 'KernelsError';
  constructor(
    message: string,
    /** The argument or option at fault. */
    readonly argument: string,
    /** What was expected. */
    readonly expected: string,
    /** What came. */
    readonly actual: string,
  ) {
    super(message);
  }
}

/** A bad option: unknown backend, a backend we never touch (`tensorflow`), ... */
export class KernelsOptionError extends KernelsError {
  override name = 'KernelsOptionError';
}

/** A runtime environment that cannot do what was asked (e.g. wasm threads without worker support). */
export class KernelsEnvironmentError extends KernelsError {
  override name = 'KernelsEnvironmentError';
}
