import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from './options';

describe('parseCli', () => {
  it('resolves defaults', () => {
    const o = parseCli([]);
    expect(o).toMatchObject({ backend: 'auto', dataset: 'mnist', loss: 'non-saturating', augment: 'none', ema: 0.999, seed: 1, exportSamples: 10_000, resume: false, clean: true });
    expect(o.preset).toBeUndefined();
    expect(o.batchSize).toBeUndefined();
    expect([o.evaluate, o.evaluateEvery, o.evaluateSamples]).toEqual([false, undefined, 5000]);
    expect(o.conditional).toBe(true);
  });

  it('turns conditioning off with --unconditional, and refuses both flags at once', () => {
    expect(parseCli(['--unconditional']).conditional).toBe(false);
    expect(parseCli(['--conditional']).conditional).toBe(true);
    expect(() => parseCli(['--conditional', '--unconditional'])).toThrow(new UsageError('--conditional and --unconditional exclude each other: pass one'));
  });

  it('reads every flag', () => {
    const o = parseCli(['--backend', 'wasm', '--dataset', 'fashion-mnist', '--preset', 'tutorial', '--epochs', '3', '--batch-size', '32', '--loss', 'hinge', '--augment', 'diffaugment', '--ema', '0', '--seed', '9', '--out', 'x', '--resume', '--sample-every', '50', '--export-samples', '0', '--no-clean', '--offline', '--evaluate', '--evaluate-every', '2', '--evaluate-samples', '300']);
    expect(o).toMatchObject({ backend: 'wasm', dataset: 'fashion-mnist', preset: 'tutorial', epochs: 3, batchSize: 32, loss: 'hinge', augment: 'diffaugment', ema: 0, seed: 9, out: 'x', resume: true, sampleEvery: 50, exportSamples: 0, clean: false, offline: true, evaluate: true, evaluateEvery: 2, evaluateSamples: 300 });
  });

  it('names the flag, what was expected and what came', () => {
    expect(() => parseCli(['--backend', 'cuda'])).toThrow(new UsageError("--backend must be one of auto, tensorflow-gpu, tensorflow, webgpu, wasm, cpu, got 'cuda'"));
    expect(() => parseCli(['--batch-size', '0'])).toThrow("--batch-size must be a positive integer, got '0'");
    expect(() => parseCli(['--ema', '1'])).toThrow("--ema must be a decay in [0, 1), got '1'");
    expect(() => parseCli(['--steps', 'ten'])).toThrow(UsageError);
    expect(() => parseCli(['--evaluate-every', '0'])).toThrow("--evaluate-every must be a positive integer, got '0'");
    expect(() => parseCli(['--bogus'])).toThrow(UsageError);
  });
});
