import { defineProject } from 'vitest/config';
import { sourceAliases } from '../vitest.aliases.js';

export default defineProject({
  resolve: { alias: sourceAliases },
  test: {
    name: 'integration',
    include: [
      'integration/**/*.test.ts',
      'docs/**/*.test.ts',
      'security/**/*.test.ts',
      'exactly-once/**/*.test.ts',
    ],
    testTimeout: 60_000,
    globalSetup: ['../vitest.tmpdir.ts'],
  },
});
