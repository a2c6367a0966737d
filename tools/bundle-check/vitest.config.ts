import { defineConfig } from 'vitest/config';

// One project: bundling is backend-free (the packages' own suites run on cpu and wasm).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    expect: { requireAssertions: true },
    testTimeout: 120_000,
    pool: 'forks',
  },
});
