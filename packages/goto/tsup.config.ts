import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'fake/index': 'src/fake/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  treeshake: true,
  external: ['@psa-bridge/core', 'msw'],
});
