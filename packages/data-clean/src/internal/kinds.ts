import type { ErrorClass } from '@ganforge/internal';

/** Throws `Kind` with the house message `<fn>: <argument> must be <expected>, got <actual>`. */
export function fail(Kind: ErrorClass, functionName: string, argument: string, expected: string, actual: string): never {
  throw new Kind({ functionName, argument, expected, actual });
}
