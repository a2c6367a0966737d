import { describe } from '@ganforge/internal';
import { OptionError, StatsError } from '../errors';

/** Per-channel mean and divisor `max(std, epsilon)`, checked against the channel count. */
export function resolveStats(
  functionName: string,
  stats: unknown,
  channels: number,
  epsilon: unknown,
): { mean: number[]; divisor: number[] } {
  if (stats === null || typeof stats !== 'object') {
    throw new StatsError({ functionName, argument: 'stats', expected: 'an object { mean, std }', actual: describe(stats) });
  }
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon <= 0) {
    throw new OptionError({ functionName, argument: 'options.epsilon', expected: 'a finite number > 0', actual: describe(epsilon) });
  }
  const { mean, std } = stats as { mean?: unknown; std?: unknown };
  const means = perChannel(functionName, 'stats.mean', mean, channels);
  const stds = perChannel(functionName, 'stats.std', std, channels);
  stds.forEach((s, k) => {
    if (s < 0) {
      throw new StatsError({
        functionName,
        argument: `stats.std[${k}]`,
        expected: 'a finite number >= 0',
        actual: describe(s),
      });
    }
  });
  return { mean: means, divisor: stds.map((s) => Math.max(s, epsilon)) };
}

function perChannel(functionName: string, argument: string, value: unknown, channels: number): number[] {
  const values = typeof value === 'number' ? [value] : Array.isArray(value) || ArrayBuffer.isView(value) ? Array.from(value as ArrayLike<unknown>) : null;
  const expectedLength = channels === 1 ? '1 value (the images have 1 channel)' : `1 value or ${channels} (one per channel)`;
  if (values === null) {
    throw new StatsError({ functionName, argument, expected: `a number or an array of ${expectedLength}`, actual: describe(value) });
  }
  if (values.length !== 1 && values.length !== channels) {
    throw new StatsError({
      functionName,
      argument,
      expected: `an array of ${expectedLength}`,
      actual: `${values.length} values ${describe(values)}`,
    });
  }
  values.forEach((v, k) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new StatsError({ functionName, argument: `${argument}[${k}]`, expected: 'a finite number', actual: describe(v) });
    }
  });
  const numbers = values as number[];
  return numbers.length === channels ? numbers : new Array<number>(channels).fill(numbers[0]!);
}
