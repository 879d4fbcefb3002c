import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import { runPsaClientConformance } from '@psa-bridge/core/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { connectWiseDataFromSeed } from './seed-data.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

runPsaClientConformance(
  {
    name: 'ConnectWise adapter against the ConnectWise simulator',
    async setup({ seed, clock }) {
      const fake = createConnectWiseFake({
        data: connectWiseDataFromSeed(seed),
        privateKey: 'cw-private-conformance',
      });
      server.use(...mswHandlers(fake));
      const provider = connectwise({ pageSize: 25 });
      return {
        client: await provider.connect(fake.credentials, { clock }),
        connectWithBadCredentials: () =>
          provider.connect({ ...fake.credentials, privateKey: 'cw-wrong-private-key' }, { clock }),
        secrets: ['cw-private-conformance', 'cw-wrong-private-key', fake.credentials.publicKey],
        unknownCompanyId: '999999',
        faults: {
          rateLimitNext: (seconds, times = 1) =>
            fake.host.faults.push({ kind: 'status', status: 429, retryAfter: String(seconds) }, times),
          malformNext: () => fake.host.faults.push({ kind: 'malformed' }),
        },
        requests: () => fake.host.stats.requests,
        authFailures: () => fake.host.stats.authFailures,
        close: async () => server.resetHandlers(),
      };
    },
  },
  { describe, it },
);
