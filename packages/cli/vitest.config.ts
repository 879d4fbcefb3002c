import { defineProject } from 'vitest/config';
import { sourceAliases } from '../../vitest.aliases.js';

export default defineProject({
  resolve: { alias: sourceAliases },
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    globalSetup: ['../../vitest.tmpdir.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
