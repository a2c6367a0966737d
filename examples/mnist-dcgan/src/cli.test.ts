/**
 * The real CLI (dist/cli.js, rebuilt first) in child processes: exact resume on cpu and
 * wasm with the default preset's dropout on, a refused --seed change, and the run lock.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exampleRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(exampleRoot, 'dist', 'cli.js');
const root = mkdtempSync(join(tmpdir(), 'ganforge-cli-'));

beforeAll(() => {
  execFileSync(join(exampleRoot, 'node_modules', '.bin', 'tsup'), { cwd: exampleRoot, stdio: 'ignore' });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file of every checkpoint, relative to the checkpoints folder, with its bytes. */
function checkpointFiles(out: string, name: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const dir = join(out, 'checkpoints');
  for (const checkpoint of readdirSync(dir)) {
    for (const part of readdirSync(join(dir, checkpoint))) {
      const path = join(dir, checkpoint, part, name);
      if (existsSync(path)) files.set(`${checkpoint}/${part}/${name}`, readFileSync(path));
    }
  }
  return files;
}

// The default preset on CPU backends is `seed`, whose discriminator has a SeededDropout (rate 0.3).
const common = ['--batch-size', '8', '--seed', '3', '--offline', '--limit', '256', '--checkpoint-every', '3', '--export-samples', '0', '--quiet'];

describe('dcgan CLI', () => {
  for (const backend of ['cpu', 'wasm']) {
    it(`${backend}: 3 steps + --resume to 6 give the same checkpoints, byte for byte, as 6 straight`, async () => {
      const straight = join(root, `${backend}-straight`);
      const resumed = join(root, `${backend}-resumed`);
      const args = ['--backend', backend, ...common];
      const a = await runCli([...args, '--steps', '6', '--out', straight]);
      expect(a.stderr).not.toMatch(/error/i);
      expect(a.code).toBe(0);
      expect((await runCli([...args, '--steps', '3', '--out', resumed])).code).toBe(0);
      const b = await runCli([...args, '--steps', '6', '--out', resumed, '--resume']);
      expect(b.code).toBe(0);
      expect(b.stdout).toMatch(/resumed from .*step-000000003/);
      if (backend === 'wasm') expect(a.stdout).toMatch(/WebAssembly.* threads?: every core/);

      const straightWeights = checkpointFiles(straight, 'weights.bin');
      const resumedWeights = checkpointFiles(resumed, 'weights.bin');
      expect([...straightWeights.keys()].sort()).toEqual(
        ['step-000000003', 'step-000000006'].flatMap((c) => ['d-optimizer', 'discriminator', 'g-optimizer', 'generator', 'generator-ema'].map((p) => `${c}/${p}/weights.bin`)).sort(),
      );
      expect([...resumedWeights.keys()].sort()).toEqual([...straightWeights.keys()].sort());
      for (const [path, bytes] of straightWeights) expect(resumedWeights.get(path)!.equals(bytes), path).toBe(true);

      // Dropout is on, on the device, and its stream is part of the checkpoint (and moves).
      const topology = JSON.parse(readFileSync(join(straight, 'checkpoints', 'step-000000006', 'discriminator', 'model.json'), 'utf8'));
      expect(JSON.stringify(topology.modelTopology)).toContain('"class_name":"SeededDropout"');
      const state = (step: string) => JSON.parse(readFileSync(join(straight, 'checkpoints', step, 'state.json'), 'utf8')).stepState;
      const dropout3 = Object.values(state('step-000000003').layers.discriminator)[0];
      const dropout6 = Object.values(state('step-000000006').layers.discriminator)[0];
      expect(dropout3).toMatchObject({ algorithm: 'xoshiro128**' });
      expect(dropout6).not.toEqual(dropout3);
      expect(readFileSync(join(resumed, 'metrics.jsonl'), 'utf8')).toBe(readFileSync(join(straight, 'metrics.jsonl'), 'utf8').replace(/"seconds":[^,]*,/g, ''));
    }, 180_000);
  }

  it('refuses --resume with another --seed, naming the field', async () => {
    const out = join(root, 'cpu-resumed');
    const run = await runCli(['--backend', 'cpu', ...common.map((a, i) => (common[i - 1] === '--seed' ? '4' : a)), '--steps', '8', '--out', out, '--resume']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/CheckpointMismatchError: CheckpointManager\.restore: checkpoint configuration must match the current run, got 1 differing field in .*: seed \(checkpoint 3, now 4\)/);
  }, 120_000);

  it('refuses a second run on a locked --out, naming the holder, and takes over the lock of a killed run', async () => {
    const out = join(root, 'locked');
    const first = spawn(process.execPath, [cli, '--backend', 'cpu', ...common, '--steps', '100000', '--checkpoint-every', '1000', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => first.on('exit', () => resolve()));
    await new Promise<void>((resolve) => {
      let text = '';
      first.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('step:')) resolve();
      });
    });
    const second = await runCli(['--backend', 'cpu', ...common, '--steps', '2', '--out', out]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`StateError: lockRun: directory must be an output folder that no other run holds, got ${out} locked by pid ${first.pid} on `);
    first.kill('SIGKILL');
    await exited;
    const third = await runCli(['--backend', 'cpu', ...common, '--steps', '2', '--out', out]);
    expect(third.stderr).not.toMatch(/error/i);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain(`lock: took over ${out} from pid ${first.pid}, which is gone`);
    expect(existsSync(join(out, '.run.lock'))).toBe(false);
  }, 180_000);
});
