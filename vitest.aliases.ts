import { fileURLToPath } from 'node:url';

const src = (path: string): string => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

/**
 * Tests import the packages by their public names; these aliases point those names at the
 * sources, so `npm test` works on a fresh clone without a build. The packed-tarball smoke test
 * (scripts/smoke-packed.mjs) checks the built `dist/` output instead.
 */
export const sourceAliases: Record<string, string> = {
  '@psa-bridge/core/testing/msw': src('core/src/testing/msw.ts'),
  '@psa-bridge/core/testing': src('core/src/testing/index.ts'),
  '@psa-bridge/core/adapter': src('core/src/adapter.ts'),
  '@psa-bridge/core/otel': src('core/src/otel.ts'),
  '@psa-bridge/core/node': src('core/src/node.ts'),
  '@psa-bridge/core/matching': src('core/src/matching.ts'),
  '@psa-bridge/core/email': src('core/src/email.ts'),
  '@psa-bridge/core': src('core/src/index.ts'),
  '@psa-bridge/connectwise/fake/msw': src('connectwise/src/fake/msw.ts'),
  '@psa-bridge/connectwise/fake': src('connectwise/src/fake/index.ts'),
  '@psa-bridge/connectwise': src('connectwise/src/index.ts'),
  '@psa-bridge/datto/fake/msw': src('datto/src/fake/msw.ts'),
  '@psa-bridge/datto/fake': src('datto/src/fake/index.ts'),
  '@psa-bridge/datto': src('datto/src/index.ts'),
  '@psa-bridge/goto/fake/msw': src('goto/src/fake/msw.ts'),
  '@psa-bridge/goto/fake': src('goto/src/fake/index.ts'),
  '@psa-bridge/goto': src('goto/src/index.ts'),
  '@psa-bridge/halo/fake/msw': src('halo/src/fake/msw.ts'),
  '@psa-bridge/halo/fake': src('halo/src/fake/index.ts'),
  '@psa-bridge/halo': src('halo/src/index.ts'),
  '@psa-bridge/demo': src('demo/src/index.ts'),
  '@psa-bridge/postgres': src('postgres/src/index.ts'),
  '@psa-bridge/jobs': src('jobs/src/index.ts'),
  '@psa-bridge/http': src('http/src/index.ts'),
  '@psa-bridge/cli': src('cli/src/index.ts'),
};
