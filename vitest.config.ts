import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and browser tests share one machine's broker and database; keep files apart.
    fileParallelism: false,
    // A console under a loaded machine (software WebGL, every test file's server) may take seconds
    // to draw what a test waits for: polls give it ten.
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
});
