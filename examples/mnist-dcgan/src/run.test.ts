import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIdx } from '@ganforge/mnist';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendSelection } from './backend';
import { parseCli } from './options';
import { runDcgan } from './run';

const selection: BackendSelection = { backend: 'cpu', tfBackend: 'cpu', device: 'test', attempts: [] };
let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'ganforge-dcgan-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

const base = ['--preset', 'seed', '--unconditional', '--batch-size', '8', '--limit', '64', '--offline', '--export-samples', '20', '--checkpoint-every', '2'];

describe('runDcgan end to end (cpu, seed preset, 64 embedded digits)', () => {
  it('trains 3 steps, writes a grid, a checkpoint, metrics and exported samples, then resumes', async () => {
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    const first = await runDcgan(parseCli([...base, '--steps', '3', '--out', out]), { selection, write: (l) => lines.push(l), interactive: false });
    expect(first.steps).toBe(3);
    expect(tf.memory().numTensors, 'tensors left after the run').toBe(before);
    expect(lines.join('\n')).toMatch(/data: 10000 mnist training images \(using the first 64\)/);
    expect(lines.join('\n')).toMatch(/from embedded/);

    const grid = decode(await readFile(join(out, 'samples-final.png')));
    // 8 columns x 8 rows of 28 px with 2 px padding: 8 * 30 + 2
    expect([grid.width, grid.height, grid.channels]).toEqual([242, 242, 1]);

    const metrics = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(metrics).toHaveLength(3);
    expect(Number.isFinite(JSON.parse(metrics[2]!).dLoss ?? JSON.parse(metrics[2]!).metrics?.dLoss)).toBe(true);
    expect((await readdir(join(out, 'checkpoints'))).length).toBeGreaterThan(0);

    const samples = readIdx(new Uint8Array(await readFile(join(out, 'samples-idx3-ubyte'))));
    expect(samples.dtype).toBe('uint8');
    expect(samples.shape).toEqual([20, 28, 28]);
    expect(samples.data.some((v) => v > 0 && v < 255)).toBe(true);

    await expect(runDcgan(parseCli([...base, '--steps', '5', '--out', out]), { selection, write: () => {}, interactive: false })).rejects.toThrow(/--resume/);

    const resumed = await runDcgan(parseCli([...base, '--steps', '5', '--out', out, '--resume']), { selection, write: () => {}, interactive: false });
    expect(resumed.steps).toBe(5);
    const after = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(after.length).toBeGreaterThanOrEqual(5);
  });

  it('--evaluate scores the export with gan-metrics; --evaluate-every writes FID records; the chart is an SVG', async () => {
    const dir = join(out, 'evaluated');
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    // 64 images in batches of 16: 4 steps per epoch, 8 steps = 2 epochs, FID after each
    const args = ['--preset', 'seed', '--unconditional', '--batch-size', '16', '--limit', '64', '--offline', '--steps', '8', '--export-samples', '200', '--evaluate', '--evaluate-every', '1', '--evaluate-samples', '100', '--out', dir];
    const result = await runDcgan(parseCli(args), { selection, write: (l) => lines.push(l), interactive: false });
    expect(tf.memory().numTensors, 'tensors left after the run').toBe(before);

    const q = result.quality!;
    expect(q.count).toBe(200);
    expect([q.network, q.reference]).toEqual(['mnist', 'mnist']);
    for (const key of ['fid', 'kid', 'precision', 'recall', 'density', 'coverage', 'classCoverage', 'confidentShare'] as const) {
      expect(Number.isFinite(q[key]), key).toBe(true);
    }
    // 8 steps of training draw blobs, nowhere near real digits (two real halves score 0.2)
    expect(q.fid!).toBeGreaterThan(20);
    expect(q.classHistogram!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12); // shares
    expect(JSON.parse(await readFile(join(dir, 'quality.json'), 'utf8')).fid).toBe(q.fid);
    expect(lines.join('\n')).toMatch(/evaluate: FID \d+\.\d\d, KID .* classes covered \d+\/10 .*\(mnist network vs mnist, 200 samples\)/);

    const records = (await readFile(join(dir, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const fids = records.filter((r) => r.fid !== undefined);
    expect(fids.map((r) => [r.epoch, r.step])).toEqual([
      [1, 4],
      [2, 8],
    ]);
    for (const r of fids) {
      expect(r.fid).toBeGreaterThan(0);
      expect(r.classesCovered).toBe(Math.round(r.classCoverage * 10));
    }
    expect(records.filter((r) => r.dLoss !== undefined)).toHaveLength(8);

    expect(result.files.chart).toBe(join(dir, 'training-chart.svg'));
    const svg = await readFile(join(dir, 'training-chart.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('FID (gan-metrics, mnist network)');
  });

  it('--conditional trains on the labels: class-per-row grids, a labels IDX beside the samples, agreement scored', async () => {
    const dir = join(out, 'conditional');
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    const args = ['--preset', 'seed', '--conditional', '--batch-size', '16', '--limit', '64', '--offline', '--steps', '4', '--export-samples', '25', '--evaluate', '--out', dir];
    const result = await runDcgan(parseCli(args), { selection, write: (l) => lines.push(l), interactive: false });
    expect(tf.memory().numTensors, 'tensors left after the run').toBe(before);
    const log = lines.join('\n');
    // G gains the 10 x 50 embedding and 50 more dense inputs; D the 10 x 12,544 projection.
    expect(log).toMatch(/model: seed preset \(G 1,098,741 \/ D 139,073 parameters\).*conditional on 10 classes/);
    expect(log).toMatch(/samples-labels-idx1-ubyte/);

    // 10 columns x 10 rows (one class a row) of 28 px with 2 px padding: 10 * 30 + 2.
    const grid = decode(await readFile(join(dir, 'samples-final.png')));
    expect([grid.width, grid.height]).toEqual([302, 302]);

    const labels = readIdx(new Uint8Array(await readFile(join(dir, 'samples-labels-idx1-ubyte'))));
    expect(labels.shape).toEqual([25]);
    expect(Array.from(labels.data)).toEqual(Array.from({ length: 25 }, (_, i) => i % 10));
    const samples = readIdx(new Uint8Array(await readFile(join(dir, 'samples-idx3-ubyte'))));
    expect(samples.shape).toEqual([25, 28, 28]);

    const q = result.quality!;
    expect(q.classAgreement).toBeGreaterThanOrEqual(0);
    expect(q.classAgreement).toBeLessThanOrEqual(1);
    expect(log).toMatch(/agreement with the requested class \d\.\d{3}/);

    // The checkpoint records the conditional run: resuming it unconditionally is refused.
    await expect(runDcgan(parseCli(['--preset', 'seed', '--unconditional', '--batch-size', '16', '--limit', '64', '--offline', '--steps', '6', '--export-samples', '0', '--out', dir, '--resume']), { selection, write: () => {}, interactive: false })).rejects.toThrow();
  });
});
