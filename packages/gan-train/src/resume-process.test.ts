import { existsSync, mkdtempSync, promises as fs, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckpointManager } from './checkpoint-manager';
import { createGeneratorEma } from './generator-ema';
import { bundleChild, runChild, startChild } from './test-support/bundle-child';
import { buildRun, hex, type RunState, trainRun } from './test-support/child-models';
import { disableKernelLeakCheck } from './test-support/kernel-leak-check';

const root = mkdtempSync(join(tmpdir(), 'gan-train-process-'));
let script = '';
beforeAll(async () => {
  script = await bundleChild();
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
  await fs.rm(script, { force: true });
});


describe('across processes', () => {
  disableKernelLeakCheck();
  const backend = () => tf.getBackend() as 'cpu' | 'wasm';

  it('N steps in one process equal N/2 steps, a checkpoint, a new process and N/2 more, bit for bit', async () => {
    const dir = join(root, `exact-${backend()}`);
    // The uninterrupted run in this process, the interrupted one in two new processes.
    const a = await trainRun({ directory: join(dir, 'straight'), steps: 8, checkpointEvery: 100 });
    const first = await runChild(script, { backend: backend(), mode: 'train', directory: join(dir, 'split'), steps: 4, checkpointEvery: 100 });
    const second = await runChild(script, { backend: backend(), mode: 'train', directory: join(dir, 'split'), steps: 8, checkpointEvery: 100 });
    const b = first.result as typeof a;
    const c = second.result as typeof a;
    expect([a.step, b.step, c.step]).toEqual([8, 4, 8]);
    expect(c.resumedFrom).toBe(join(dir, 'split', 'step-000000004'));
    // The halves really differ from the end state, and the resumed end state matches exactly.
    expect(b.state.generator).not.toEqual(a.state.generator);
    expect(c.state).toEqual(a.state);
  });

  it('a process killed with SIGKILL while committing a checkpoint leaves the previous one loadable', async () => {
    const dir = join(root, `kill-${backend()}`);
    const child = startChild(script, { backend: backend(), mode: 'train', directory: dir, steps: 6, checkpointEvery: 2, hangAtStep: 4 });
    const saved = JSON.parse((await child.waitFor('CHECKPOINT ')).slice('CHECKPOINT '.length)) as { step: number; path: string; state: RunState };
    await child.waitFor('HANG ');
    child.kill('SIGKILL');
    expect((await child.exit).signal).toBe('SIGKILL');
    // The step-4 checkpoint was fully written in its temporary folder but never published.
    const names = readdirSync(dir);
    expect(names.filter((n) => n.startsWith('step-'))).toEqual(['step-000000002']);
    expect(names.some((n) => n.startsWith('.step-000000004.tmp-'))).toBe(true);
    const manager = createCheckpointManager(dir);
    expect(await manager.latest()).toBe(saved.path);
    const step = buildRun();
    const ema = createGeneratorEma(step.generator, { decay: 0.9 });
    const restored = await manager.restore({ step, ema, config: { data: { batchesPerEpoch: 4 } } });
    expect(restored.progress.step).toBe(2);
    ema.dispose();
    expect(step.adapters.generator.stateVariables().map((v) => hex(v.variable))).toEqual(saved.state.generator);
    expect(step.adapters.discriminator.stateVariables().map((v) => hex(v.variable))).toEqual(saved.state.discriminator);
    // Training resumes from it, and the leftover temporary folder is cleared at the next save.
    const resumed = await trainRun({ directory: dir, steps: 6, checkpointEvery: 2 });
    expect(resumed.resumedFrom).toBe(saved.path);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('kills at arbitrary moments of a save loop never leave an unloadable latest checkpoint', async () => {
    const dir = join(root, `loop-${backend()}`);
    const delays = [0, 9];
    for (const delay of delays) {
      const child = startChild(script, { backend: backend(), mode: 'loop', directory: dir, steps: 0, checkpointEvery: 1 });
      await child.waitFor('SAVED ');
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await child.exit;
      const manager = createCheckpointManager(dir, { keep: 2 });
      const all = await manager.list();
      expect(all.length).toBeGreaterThan(0);
      for (const c of all) expect(existsSync(join(c.path, 'state.json'))).toBe(true);
      const step = buildRun();
      const restored = await manager.restore({ step });
      expect(restored.progress.step).toBe(all[all.length - 1]!.step);
    }
  });
});
