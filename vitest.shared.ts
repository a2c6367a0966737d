/**
 * Shared vitest configuration: every package's suite runs twice, once per
 * CPU backend ("cpu" and "wasm"). The projects differ only in the setup file
 * from tools/test-utils that selects the backend; tests never name a backend.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const setupFile = (backend: string) =>
  fileURLToPath(new URL(`./tools/test-utils/src/setup-${backend}.ts`, import.meta.url));

export const testBackends = ['cpu', 'wasm'] as const;

export interface GanforgeVitestOptions {
  /** Globs of test files. Default `['src/**\/*.test.ts']`. */
  include?: string[];
  /** Per-test timeout in ms. Default 60 000. */
  testTimeout?: number;
  /** Backends to run the suite on. Default both `cpu` and `wasm`. */
  backends?: readonly string[];
}

export function ganforgeVitestConfig(options: GanforgeVitestOptions = {}): ViteUserConfig {
  const include = options.include ?? ['src/**/*.test.ts'];
  const backends = options.backends ?? testBackends;
  return defineConfig({
    test: {
      expect: { requireAssertions: true },
      testTimeout: options.testTimeout ?? 60_000,
      hookTimeout: options.testTimeout ?? 60_000,
      pool: 'forks',
      projects: backends.map((backend) => ({
        extends: true,
        test: { name: backend, include, setupFiles: [setupFile(backend)] },
      })),
    },
  });
}
