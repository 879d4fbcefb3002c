import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

export default defineConfig({
  ...packageBuild({
    index: 'src/index.ts',
    adapter: 'src/adapter.ts',
    'testing/index': 'src/testing/index.ts',
    'testing/msw': 'src/testing/msw.ts',
    otel: 'src/otel.ts',
    node: 'src/node.ts',
    matching: 'src/matching.ts',
    email: 'src/email.ts',
  }),
  external: [],
});
