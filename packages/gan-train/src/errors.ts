import { GanforgeError, type GanforgeErrorDetails } from '@ganforge/internal';

/**
 * Errors thrown by `@ganforge/gan-train`. Every error names the function, the
 * argument, what was expected and what came, both in its message and in the
 * fields `functionName`, `argument`, `expected` and `actual`:
 *
 * `createGanStep: options.latentDim must be a positive integer, got 0`
 */

/**
 * Fields shared by every error of this package (the house `GanforgeErrorDetails`).
 *
 * @example
 * const { functionName, argument, expected, actual } = error as GanTrainError;
 */
export type GanTrainErrorDetails = GanforgeErrorDetails;

/**
 * Base class of every error thrown by `@ganforge/gan-train`, derived from the house
 * `GanforgeError` (so `isGanforgeError(error)` holds across ganforge packages); catch it
 * to handle all of them. The message reads `<functionName>: <argument> must be <expected>, got <actual>`.
 *
 * @example
 * try {
 *   hingeLoss().discriminator(realLogits, fakeLogits);
 * } catch (error) {
 *   if (error instanceof GanTrainError) console.error(error.argument, error.expected, error.actual);
 * }
 */
export class GanTrainError extends GanforgeError {
  override name = 'GanTrainError';
}

/**
 * An unknown option key (with a did-you-mean: `train({ checkpoint })` suggests
 * `checkpoints`), or an option outside its documented domain (a negative weight or
 * learning rate, a missing required option, `epochs` and `steps` both absent, ...).
 *
 * @example
 * hingeLoss(); // fine
 * nonSaturatingLoss({ labelSmoothing: 1 });
 * // OptionError: nonSaturatingLoss: options.labelSmoothing must be a number in [0, 1), got 1
 */
export class OptionError extends GanTrainError {
  override name = 'OptionError';
}

/**
 * `null`, `undefined`, a non-tensor or a disposed tensor where a tensor goes.
 *
 * @example
 * await step(null);
 * // TensorError: GanStep: realBatch must be a tf.Tensor, got null
 */
export class TensorError extends GanTrainError {
  override name = 'TensorError';
}

/**
 * A tensor with the wrong rank, shape or dtype, e.g. logits whose batch sizes
 * differ or a generator output that is not an image batch.
 *
 * @example
 * hingeLoss().discriminator(tf.zeros([4, 1]), tf.zeros([3, 1]));
 * // ShapeError: hingeLoss.discriminator: fakeLogits must be logits with the same shape as realLogits [4,1], got [3,1]
 */
export class ShapeError extends GanTrainError {
  override name = 'ShapeError';
}

/**
 * A tensor of a dtype the function cannot take (e.g. an int32 real batch).
 *
 * @example
 * await step(tf.zeros([4, 28, 28, 1], 'int32'));
 * // DtypeError: GanStep: realBatch must be a float32 batch, got int32 tensor [4, 28, 28, 1]
 */
export class DtypeError extends GanTrainError {
  override name = 'DtypeError';
}

/**
 * A size past a documented limit (`LIMITS.batch` latent vectors, ...), checked before allocating.
 *
 * @example
 * step.sampleLatent(1e10);
 * // LimitError: GanStep.sampleLatent: count must be a positive integer <= 16777216 (LIMITS.batch), got 10000000000
 */
export class LimitError extends GanTrainError {
  override name = 'LimitError';
}

/**
 * Bytes that are not the format they claim (a checkpoint's `state.json` or weights).
 *
 * @example
 * // FormatError: CheckpointManager.readState: path must be a "ganforge/gan-train checkpoint" version 1 checkpoint, got ...
 */
export class FormatError extends GanTrainError {
  override name = 'FormatError';
}

/**
 * An object used in the wrong state: an output folder whose run lock another process
 * holds, checkpoints present without `--resume`, ...
 *
 * @example
 * await lockRun('./runs/a'); // while another run holds it
 * // StateError: lockRun: directory must be free of other runs, got ./runs/a locked by pid 4242 on host-a since ...
 */
export class StateError extends GanTrainError {
  override name = 'StateError';
}

/**
 * A model that is neither a tfjs-layers model nor an object with
 * `apply(x, { training })` and `trainableVariables`, or whose output is not a tensor.
 *
 * @example
 * createGanStep({ generator: {}, ... });
 * // ModelError: createGanStep: options.generator must be a tfjs-layers model or { apply(x, { training }), trainableVariables }, got an object without apply()
 */
export class ModelError extends GanTrainError {
  override name = 'ModelError';
}

/**
 * A checkpoint folder that cannot be read: missing or unreadable files, a
 * wrong format version, weights whose byte length does not match their manifest.
 *
 * @example
 * await createCheckpointManager('./runs/a').load('./runs/a/step-000000010');
 * // CheckpointError: CheckpointManager.load: path must be a complete checkpoint folder, got ./runs/a/step-000000010 (state.json is missing)
 */
export class CheckpointError extends FormatError {
  override name = 'CheckpointError';
}

/**
 * One configuration field that differs between a checkpoint and the current run.
 *
 * @example
 * for (const { field, checkpoint, current } of error.differences) console.log(field, checkpoint, current);
 */
export interface ConfigDifference {
  /** Dotted path of the field, e.g. `'loss.name'` or `'generator.weights.2.shape'`. */
  field: string;
  /** The value recorded in the checkpoint (JSON), `undefined` when absent there. */
  checkpoint: unknown;
  /** The value of the current run (JSON), `undefined` when absent now. */
  current: unknown;
}

/**
 * Refusal to resume from a checkpoint written with a different configuration
 * (loss, penalties, model shapes, optimizers, latent size, ...). `differences`
 * lists every differing field; the message names them.
 *
 * @example
 * // CheckpointMismatchError: CheckpointManager.restore: checkpoint configuration must match the current run,
 * // got 1 differing field: loss.name (checkpoint "hinge", now "nonSaturating")
 */
export class CheckpointMismatchError extends StateError {
  override name = 'CheckpointMismatchError';
  readonly differences: ConfigDifference[];

  constructor(functionName: string, path: string, differences: ConfigDifference[]) {
    const show = (value: unknown) => (value === undefined ? 'absent' : JSON.stringify(value));
    const listed = differences.map((d) => `${d.field} (checkpoint ${show(d.checkpoint)}, now ${show(d.current)})`).join('; ');
    const count = `${differences.length} differing field${differences.length === 1 ? '' : 's'}`;
    super({
      functionName,
      argument: 'checkpoint configuration',
      expected: 'the configuration of the current run',
      actual: `${count} in ${path}: ${listed}`,
      message: `${functionName}: checkpoint configuration must match the current run, got ${count} in ${path}: ${listed}`,
    });
    this.differences = differences;
  }
}
