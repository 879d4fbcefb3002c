import { runPsaClientConformance } from '@psa-bridge/core/testing';
import { halo } from '@psa-bridge/halo';
import { createHaloFake } from '@psa-bridge/halo/fake';
import { mswHandlers } from '@psa-bridge/halo/fake/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { haloDataFromSeed } from './seed-data.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

for (const variant of [
  {
    name: 'hosted, tenant from authinfo, literal search',
    tenant: 'msp-tenant',
    containsMode: 'literal' as const,
    authInfo: true,
  },
  {
    name: 'on-premise without authinfo, search with wildcards and websites',
    containsMode: 'like' as const,
    authInfo: false,
  },
]) {
  runPsaClientConformance(
    {
      name: `Halo adapter against the Halo simulator (${variant.name})`,
      async setup({ seed, clock }) {
        const fake = createHaloFake({
          data: haloDataFromSeed(seed),
          clientSecret: 'halo-secret-conformance',
          containsMode: variant.containsMode,
          searchAlsoMatchesWebsite: !variant.authInfo,
          authInfo: variant.authInfo,
          ...(variant.tenant ? { tenant: variant.tenant } : {}),
        });
        server.use(...mswHandlers(fake));
        const provider = halo({ pageSize: 25 });
        // The tenant is left out: hosted instances name it in authinfo.
        const { tenant: _tenant, ...credentials } = fake.credentials;
        return {
          client: await provider.connect(credentials, { clock }),
          connectWithBadCredentials: () =>
            provider.connect({ ...credentials, clientSecret: 'halo-wrong-secret' }, { clock }),
          secrets: ['halo-secret-conformance', 'halo-wrong-secret'],
          unknownCompanyId: '999999',
          faults: {
            rateLimitNext: (seconds, times = 1) =>
              fake.host.faults.push({ kind: 'status', status: 429, retryAfter: String(seconds) }, times),
            malformNext: () => fake.host.faults.push({ kind: 'malformed' }, 1, { path: /^\/api\/client$/ }),
          },
          requests: () => fake.host.stats.requests,
          authFailures: () => fake.host.stats.authFailures,
          close: async () => server.resetHandlers(),
        };
      },
    },
    { describe, it },
  );
}
