import { defineProject } from 'vitest/config';
import { sourceAliases } from '../../vitest.aliases.js';

export default defineProject({
  resolve: { alias: sourceAliases },
  test: {
    name: 'postgres',
    include: ['test/**/*.test.ts'],
    globalSetup: ['../../vitest.tmpdir.ts', 'test/support/global-setup.ts'],
    // One server for the package; its tests open many connections, so files run one at a time.
    fileParallelism: false,
    // After every other project, alone: their multi-process tests get the machine to themselves.
    sequence: { groupOrder: 1 },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
