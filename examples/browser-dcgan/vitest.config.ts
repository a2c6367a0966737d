import { defineConfig } from 'vitest/config';

// The page test drives the built page (turbo runs the build first: examples/browser-dcgan/turbo.json) in headless Chromium.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    expect: { requireAssertions: true },
    testTimeout: 110_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
