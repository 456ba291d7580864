import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Limits catch hangs, not slowness: the CLI tests run whole synths (a cold type check of the
    // 14 MB of generated imports included) and git worktrees, minutes on a loaded 2-core machine.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // The run-time schema of environment data is generated once, before the workers start; temp
    // folders of the run go to one scratch folder removed at the end.
    globalSetup: ['test/support/scratch-tmpdir.setup.ts', 'test/support/type-schemas.setup.ts'],
    // Both cores (vitest's default leaves one idle), and each worker runs its files in one
    // process: modules load and CRD schemas compile once per worker, not once per file, and
    // test/support/synthesized.ts synthesizes every environment once per worker.
    maxWorkers: 2,
    isolate: false,
    // Never write a snapshot that is missing (as vitest does in CI): a missing one fails, so a
    // test cannot pass by recording today's output. `vitest run -u` still rewrites them on purpose.
    update: 'none',
  },
});
