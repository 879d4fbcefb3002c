import type { Options } from 'tsup';

/** The build every package shares: ESM with `.d.ts`, for Node 20; `@psa-bridge/*` and msw stay external. */
export function packageBuild(entry: Record<string, string>): Options {
  return {
    entry,
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    splitting: true,
    treeshake: true,
    external: [
      '@psa-bridge/core',
      '@psa-bridge/connectwise',
      '@psa-bridge/datto',
      '@psa-bridge/goto',
      '@psa-bridge/postgres',
      '@psa-bridge/jobs',
      'msw',
    ],
  };
}
