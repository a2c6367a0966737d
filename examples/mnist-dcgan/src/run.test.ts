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

const base = ['--preset', 'seed', '--batch-size', '8', '--limit', '64', '--offline', '--export-samples', '20', '--checkpoint-every', '2'];

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
});
