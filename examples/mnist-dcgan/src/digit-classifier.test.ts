import { loadMnist } from '@ganforge/mnist';
import { describe, expect, it } from 'vitest';
import { judgeSamples, trainDigitClassifier } from './digit-classifier';

describe('digit classifier', () => {
  it('learns real digits and judges samples', async () => {
    const real = await loadMnist({ download: false, logger: () => {} });
    const n = 1500;
    const { model, heldOutAccuracy, trainCount, heldOutCount } = await trainDigitClassifier(real.images.subarray(0, n * 784), real.labels.subarray(0, n), 784, { epochs: 4 });
    expect([trainCount, heldOutCount]).toEqual([1350, 150]);
    expect(heldOutAccuracy).toBeGreaterThan(0.8);
    const judged = await judgeSamples(model, real.images.subarray(n * 784, (n + 200) * 784), 784);
    expect(judged.count).toBe(200);
    expect(judged.histogram.reduce((a, b) => a + b, 0)).toBe(200);
    expect(judged.confidentShare).toBeGreaterThan(0.5);
    // blank images are not digits: few of them look confident
    const blank = await judgeSamples(model, new Uint8Array(50 * 784), 784);
    expect(blank.histogram.filter((c) => c > 0)).toHaveLength(1);
    model.dispose();
  });
});
