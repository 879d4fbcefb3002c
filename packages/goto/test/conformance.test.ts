import { type GotoConformanceSeed, runGotoClientConformance } from '@psa-bridge/core/testing';
import { goto } from '@psa-bridge/goto';
import { createGoToFake, type GotoAccountSeed } from '@psa-bridge/goto/fake';
import { mswHandlers } from '@psa-bridge/goto/fake/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, it } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

/** The vendor-free seed as simulator accounts; seats taken by seeded users count as used. */
export function accountsFromSeed(seed: GotoConformanceSeed): GotoAccountSeed[] {
  return seed.accounts.map((account) => ({
    name: account.name,
    licenses: account.licenses.map((license) => ({
      name: license.name,
      products: license.products,
      ...(license.seats ? { seats: license.seats.total } : {}),
    })),
    users: account.users.map((user) => ({ ...user, licenses: user.licenses })),
  }));
}

runGotoClientConformance(
  {
    name: 'GoTo adapter against the GoTo simulator',
    async setup({ seed, clock }) {
      // A virtual clock cannot honour a real-time limit of 10 per second: the pacing test below does.
      const fake = createGoToFake({
        accounts: accountsFromSeed(seed),
        clientSecret: 'goto-secret-conformance',
        host: { rateLimit: undefined },
      });
      server.use(...mswHandlers(fake));
      const client = goto({ ...fake.options, clock, pageSize: 10 });
      await client.listAccounts();
      return {
        client,
        connectWithBadCredentials: async () =>
          goto({ ...fake.options, auth: { ...fake.options.auth, refreshToken: 'refresh-not-known' }, clock }),
        secrets: [
          'goto-secret-conformance',
          'sim-refresh-token',
          'refresh-not-known',
          ...fake.state.accessTokens.keys(),
        ],
        faults: {
          rateLimitNext: (times = 1) => fake.host.faults.push({ kind: 'status', status: 429 }, times),
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
