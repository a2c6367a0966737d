import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EnvironmentError, KernelsEnvironmentError, LimitError, OptionError, setupWasmThreads } from './index';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const child = fileURLToPath(new URL('./internal/fixtures/wasm-threads-child.mjs', import.meta.url));

/** Naive NHWC 'same' stride-1 convolution. */
function naiveConv(x: number[], xShape: number[], w: number[], wShape: number[]): number[] {
  const [b, h, wd, c] = xShape as [number, number, number, number];
  const [kh, kw, , o] = wShape as [number, number, number, number];
  const out: number[] = [];
  for (let n = 0; n < b; n++)
    for (let i = 0; i < h; i++)
      for (let j = 0; j < wd; j++)
        for (let q = 0; q < o; q++) {
          let sum = 0;
          for (let a = 0; a < kh; a++)
            for (let e = 0; e < kw; e++) {
              const ii = i + a - 1;
              const jj = j + e - 1;
              if (ii < 0 || ii >= h || jj < 0 || jj >= wd) continue;
              for (let p = 0; p < c; p++) sum += x[((n * h + ii) * wd + jj) * c + p]! * w[((a * kw + e) * c + p) * o + q]!;
            }
          out.push(sum);
        }
  return out;
}

describe('setupWasmThreads', () => {
  it('checks threads before anything else', async () => {
    await expect(setupWasmThreads({ threads: 0 })).rejects.toThrow(OptionError);
    await expect(setupWasmThreads({ threads: 9 })).rejects.toThrow(LimitError);
    await expect(setupWasmThreads({ threads: 9 })).rejects.toThrow(
      'setupWasmThreads: options.threads must be a positive integer <= 8 (the 8 workers tfjs pre-creates), got 9',
    );
    await expect(setupWasmThreads({ threads: 1.5 })).rejects.toMatchObject({ name: 'OptionError', argument: 'options.threads', actual: '1.5' });
    await expect(setupWasmThreads({ thread: 2 } as never)).rejects.toThrow("setupWasmThreads: options.thread must be a known option (did you mean 'threads'?)");
  });

  it('refuses a wasm backend that is missing or already initialised', async () => {
    // In this suite the wasm backend is either not imported or already set up by the test setup.
    await expect(setupWasmThreads({ threads: 2 })).rejects.toThrow(EnvironmentError);
    await expect(setupWasmThreads({ threads: 2 })).rejects.toThrow(KernelsEnvironmentError); // the deprecated name, same class
    await expect(setupWasmThreads({ threads: 2 })).rejects.toThrow(/^setupWasmThreads: the wasm backend must be (registered|not initialised yet)/);
  });

  it.skipIf(!existsSync(dist))(
    'runs XNNPACK on 2 threads in a fresh Node process (skipped when dist/ is not built: the child loads the built package)',
    async () => {
      const { stdout } = await promisify(execFile)(process.execPath, [child, dist], { timeout: 60_000 });
      const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop()!;
      const result = JSON.parse(line) as {
        ok: boolean;
        backend: string;
        threads: number;
        setup: { threads: number };
        registered: number;
        values: number[];
        product: number[];
      };
      expect(result).toMatchObject({ ok: true, backend: 'wasm', threads: 2, setup: { threads: 2 } });
      const x = Array.from({ length: 2 * 9 * 9 * 3 }, (_, i) => Math.sin(i));
      const w = Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => Math.cos(i));
      const expected = naiveConv(x, [2, 9, 9, 3], w, [3, 3, 3, 4]);
      expect(result.values.length).toBe(expected.length);
      const worst = Math.max(...result.values.map((v, i) => Math.abs(v - expected[i]!)));
      expect(worst).toBeLessThan(1e-4);
      // [[1,3,5],[2,4,6]] @ [[1,0],[2,1],[3,1]], through kernels registered before the backend initialised.
      expect(result.registered).toBeGreaterThan(2);
      expect(result.product).toEqual([22, 8, 28, 10]);
    },
  );
});
