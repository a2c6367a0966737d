import { OptionError } from './errors';
import { checkKeys, checkNumber, describeValue, isNonNegative, isPositive, isPositiveInteger } from './internal/checks';

/**
 * Learning rate for the update that follows `step` completed steps (0 for the first).
 *
 * @example
 * const warmup: LearningRateSchedule = (step) => 2e-4 * Math.min(1, (step + 1) / 100);
 */
export type LearningRateSchedule = (step: number) => number;

/**
 * Options of {@link cosineSchedule} and {@link linearSchedule}.
 *
 * @example
 * cosineSchedule({ initial: 2e-4, final: 2e-5, totalSteps: 10_000, warmupSteps: 500 });
 */
export interface DecayScheduleOptions {
  /** Learning rate after warm-up. */
  initial: number;
  /** Learning rate at `totalSteps` and after. Default 0. */
  final?: number;
  /** Step at which the decay ends. */
  totalSteps: number;
  /** Steps of linear warm-up from `initial / warmupSteps` to `initial`. Default 0. */
  warmupSteps?: number;
}

function resolve(functionName: string, options: DecayScheduleOptions) {
  if (options === null || typeof options !== 'object') {
    throw new OptionError({ functionName, argument: 'options', expected: '{ initial, totalSteps, final?, warmupSteps? }', actual: describeValue(options) });
  }
  checkKeys(functionName, options, ['initial', 'final', 'totalSteps', 'warmupSteps']);
  const initial = checkNumber(functionName, 'options.initial', options.initial, isPositive, 'a finite number > 0');
  const final = checkNumber(functionName, 'options.final', options.final ?? 0, isNonNegative, 'a finite number >= 0');
  const totalSteps = checkNumber(functionName, 'options.totalSteps', options.totalSteps, isPositiveInteger, 'a positive integer');
  const warmupSteps = checkNumber(functionName, 'options.warmupSteps', options.warmupSteps ?? 0, (x) => Number.isInteger(x) && x >= 0 && x < totalSteps, `an integer in [0, totalSteps ${totalSteps})`);
  return { initial, final, totalSteps, warmupSteps };
}

/** The schedule's argument: a completed-step count (an integer >= 0). */
function checkStep(functionName: string, step: number): void {
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
    throw new OptionError({ functionName, argument: 'step', expected: 'a step count (an integer >= 0)', actual: describeValue(step) });
  }
}

function withWarmup(functionName: string, o: ReturnType<typeof resolve>, decay: (t: number) => number): LearningRateSchedule {
  return (step) => {
    checkStep(functionName, step);
    if (step < o.warmupSteps) return (o.initial * (step + 1)) / o.warmupSteps;
    const t = Math.min(1, (step - o.warmupSteps) / (o.totalSteps - o.warmupSteps));
    return o.final + (o.initial - o.final) * decay(t);
  };
}

/**
 * Linear warm-up, then cosine decay from `initial` to `final` at `totalSteps`:
 * `final + (initial - final)·(1 + cos(π·t))/2` with `t = (step - warmupSteps)/(totalSteps - warmupSteps)`.
 *
 * @example
 * const schedule = cosineSchedule({ initial: 2e-4, totalSteps: 10_000, warmupSteps: 500 });
 * train({ step, data, steps: 10_000, learningRates: { generator: schedule, discriminator: schedule } });
 */
export function cosineSchedule(options: DecayScheduleOptions): LearningRateSchedule {
  return withWarmup('cosineSchedule', resolve('cosineSchedule', options), (t) => (1 + Math.cos(Math.PI * t)) / 2);
}

/**
 * Linear warm-up, then linear decay from `initial` to `final` at `totalSteps`.
 *
 * @example
 * linearSchedule({ initial: 1e-3, totalSteps: 100 })(50); // 5e-4
 */
export function linearSchedule(options: DecayScheduleOptions): LearningRateSchedule {
  return withWarmup('linearSchedule', resolve('linearSchedule', options), (t) => 1 - t);
}

/**
 * Options of {@link stepDecaySchedule}.
 *
 * @example
 * stepDecaySchedule({ initial: 1e-3, factor: 0.5, every: 5000 });
 */
export interface StepDecayScheduleOptions {
  /** Learning rate of the first `every` steps. */
  initial: number;
  /** Multiplier applied every `every` steps, in (0, 1]. Default 0.5. */
  factor?: number;
  /** Steps between decays. */
  every: number;
}

/**
 * `initial · factor^floor(step / every)`.
 *
 * @example
 * stepDecaySchedule({ initial: 1e-3, factor: 0.1, every: 1000 })(2500); // 1e-5
 */
export function stepDecaySchedule(options: StepDecayScheduleOptions): LearningRateSchedule {
  const fn = 'stepDecaySchedule';
  if (options === null || typeof options !== 'object') {
    throw new OptionError({ functionName: fn, argument: 'options', expected: '{ initial, every, factor? }', actual: describeValue(options) });
  }
  checkKeys(fn, options, ['initial', 'factor', 'every']);
  const initial = checkNumber(fn, 'options.initial', options?.initial, isPositive, 'a finite number > 0');
  const factor = checkNumber(fn, 'options.factor', options?.factor ?? 0.5, (x) => x > 0 && x <= 1, 'a number in (0, 1]');
  const every = checkNumber(fn, 'options.every', options?.every, isPositiveInteger, 'a positive integer');
  return (step) => {
    checkStep(fn, step);
    return initial * factor ** Math.floor(step / every);
  };
}
