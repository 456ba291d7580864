import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Compiling a CRD schema takes seconds on a 2-core CI machine; tests share the compiled validator.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
