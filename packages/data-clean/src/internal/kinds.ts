import type { ErrorClass, GanforgeErrorDetails } from '@ganforge/internal';
import * as errors from '../errors';

type AnyKind = abstract new (...args: never[]) => Error;

/**
 * The package's error kinds as the house checks (`checkOptions`, `checkTensor`, ...) take them:
 * constructors of one details object. Kinds still built from (fn, argument, expected, actual)
 * are adapted.
 */
export function kind(Kind: AnyKind): ErrorClass {
  if (Kind.length <= 1) return Kind as unknown as ErrorClass;
  const Positional = Kind as unknown as new (fn: string, argument: string, expected: string, actual: string) => Error;
  return function adapted(details: GanforgeErrorDetails) {
    return new Positional(details.functionName, details.argument, details.expected, details.actual);
  } as unknown as ErrorClass;
}

/** Throws `Kind` with the standard message `<fn>: <argument> must be <expected>, got <actual>`. */
export function fail(Kind: AnyKind, functionName: string, argument: string, expected: string, actual: string): never {
  throw new (kind(Kind))({ functionName, argument, expected, actual });
}

const all = errors as unknown as Record<string, AnyKind | undefined>;
/** The kind for null, non-tensor and disposed tensors (`TensorError`, else `ShapeError`). */
export const TensorKind: AnyKind = all.TensorError ?? errors.ShapeError;
