/**
 * @ganforge/internal: the house parts every ganforge package shares. Private:
 * tsup bundles it into each public package (`noExternal`), so each package
 * still installs alone. Node-only parts (atomic writes) are in `./node`.
 */
export { describe, isTensorLike, type TensorLike } from './describe';
export { GANFORGE_ERROR_MARKER, GanforgeError, type GanforgeErrorDetails, type ErrorClass, isGanforgeError } from './errors';
export { checkAllocation, checkSize, LIMITS } from './limits';
export { checkNumber, checkOneOf, checkOptions, checkSeed, type CheckOptionsSettings, editDistance, nearest, type NumberBounds } from './options';
export { PIXEL_RANGES, type PixelRange, type PixelRangeName, resolvePixelRange } from './pixel-range';
export { fmix32, Prng, PrngArgumentError, type PrngState } from './prng';
export { checkTensor, wrapErrors } from './tensors';
