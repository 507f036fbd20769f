import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'chaincode/test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: integration files each start workers; keep file parallelism modest.
    maxWorkers: 2,
    // The summary reporter prints CI's closing line 'Tests: N passed, N failed, N skipped'.
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
