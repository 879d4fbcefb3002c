import { defineConfig } from 'vitest/config';

/** One run over every package, so `npm test` prints one summary. */
export default defineConfig({
  test: {
    // Two files at a time (vitest's default is one less than the CPUs: one, on CI's two). The
    // PostgreSQL and jobs projects, whose tests run many processes against one server, run
    // after the rest and alone (their `sequence.groupOrder`), one file at a time.
    maxWorkers: 2,
    projects: [
      'packages/*/vitest.config.ts',
      'test/vitest.config.ts',
      'examples/vitest.config.ts',
      'examples/admin/vitest.config.ts',
    ],
  },
});
