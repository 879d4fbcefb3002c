import { defineProject } from 'vitest/config';
import { sourceAliases } from '../../vitest.aliases.js';

/** The admin page in a real browser (Debian's chromium through playwright-core). */
export default defineProject({
  resolve: { alias: sourceAliases },
  test: {
    name: 'admin',
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    globalSetup: ['../../vitest.tmpdir.ts'],
  },
});
