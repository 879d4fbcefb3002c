import { runPsaClientConformance } from '@psa-bridge/core/testing';
import { datto } from '@psa-bridge/datto';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { mswHandlers } from '@psa-bridge/datto/fake/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { autotaskDataFromSeed } from './seed-data.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

runPsaClientConformance(
  {
    name: 'Autotask adapter against the Autotask simulator',
    async setup({ seed, clock }) {
      const fake = createAutotaskFake({ data: autotaskDataFromSeed(seed), secret: 'at-secret-conformance' });
      server.use(...mswHandlers(fake));
      const provider = datto({ pageSize: 25 });
      return {
        client: await provider.connect(fake.credentials, { clock }),
        connectWithBadCredentials: () =>
          provider.connect({ ...fake.credentials, secret: 'at-wrong-secret' }, { clock }),
        secrets: ['at-secret-conformance', 'at-wrong-secret'],
        unknownCompanyId: '999999',
        faults: {
          rateLimitNext: (seconds, times = 1) =>
            fake.host.faults.push({ kind: 'status', status: 429, retryAfter: String(seconds) }, times),
          malformNext: () => fake.host.faults.push({ kind: 'malformed' }, 1, { method: 'POST' }),
        },
        requests: () => fake.host.stats.requests,
        authFailures: () => fake.host.stats.authFailures,
        close: async () => server.resetHandlers(),
      };
    },
  },
  { describe, it },
);
