import { defineProject } from 'vitest/config';
import { sourceAliases } from '../../vitest.aliases.js';

export default defineProject({
  resolve: { alias: sourceAliases },
  test: { name: 'halo', include: ['test/**/*.test.ts'], globalSetup: ['../../vitest.tmpdir.ts'] },
});
