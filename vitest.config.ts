import { defineConfig } from 'vitest/config';

/** One run over every package, so `npm test` prints one summary. */
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'test/vitest.config.ts',
      'examples/vitest.config.ts',
      'examples/admin/vitest.config.ts',
    ],
  },
});
