import { readFileSync } from 'node:fs';
import type { Options } from 'tsup';

/** The packages' version (versioned together), for the User-Agent psa-bridge sends. */
const version = (
  JSON.parse(readFileSync(new URL('./packages/core/package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

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
    define: { __PSA_BRIDGE_VERSION__: JSON.stringify(version) },
    external: [
      '@psa-bridge/core',
      '@psa-bridge/connectwise',
      '@psa-bridge/datto',
      '@psa-bridge/goto',
      '@psa-bridge/postgres',
      '@psa-bridge/jobs',
      '@psa-bridge/halo',
      'msw',
    ],
  };
}
