/**
 * Writing a third-party PSA adapter (SPEC C1): "Ticketly PSA" (made up) gets a provider in
 * `third-party-adapter/ticketly-provider.ts`, then proves it keeps the contract by passing the
 * conformance kit from `@psa-bridge/core/testing`, here run by `node:test` (Vitest's or Jest's
 * `describe`/`it` fit too). Core does not change.
 *
 * Run: `npx tsx third-party-adapter.ts` (from examples/). Exits non-zero when a test fails.
 */
import { describe, it } from 'node:test';
import { createBridge } from '@psa-bridge/core';
import { createMemoryGoto, psaConformanceSeed, runPsaClientConformance } from '@psa-bridge/core/testing';
import { ticketly } from './third-party-adapter/ticketly-provider.js';
import { startTicketlySimulator } from './third-party-adapter/ticketly-simulator.js';

// 1. The conformance suite: paging, safe search, filters, not-found, primary emails,
//    AUTHENTICATION without retries, 429 honoured, malformed payloads, no secret in any error.
runPsaClientConformance(
  {
    name: 'Ticketly PSA',
    async setup({ seed, clock }) {
      const simulator = await startTicketlySimulator(seed);
      const provider = ticketly({ pageSize: 25 });
      return {
        client: await provider.connect({ baseUrl: simulator.baseUrl, apiKey: simulator.apiKey }, { clock }),
        connectWithBadCredentials: () =>
          provider.connect(
            { baseUrl: simulator.baseUrl, apiKey: 'a-wrong-api-key-of-some-length' },
            { clock },
          ),
        secrets: [simulator.apiKey, 'a-wrong-api-key-of-some-length'],
        unknownCompanyId: '424242',
        faults: {
          rateLimitNext: (seconds, times = 1) =>
            simulator.host.faults.push({ kind: 'status', status: 429, retryAfter: String(seconds) }, times),
          malformNext: () => simulator.host.faults.push({ kind: 'malformed' }),
        },
        requests: () => simulator.host.stats.requests,
        authFailures: () => simulator.host.stats.authFailures,
        close: () => simulator.close(),
      };
    },
  },
  { describe, it },
);

// 2. The same provider in a bridge, next to (or instead of) the built-in ones.
describe('Ticketly PSA in a bridge', () => {
  it('tests and saves a connection, then finds a company for a GoTo account (SPEC C4, M1)', async () => {
    const simulator = await startTicketlySimulator(psaConformanceSeed());
    try {
      const goto = createMemoryGoto({ accounts: [{ name: 'ACME Corp' }] });
      const bridge = createBridge({ providers: [ticketly()], goto: goto.client() });
      const saved = await bridge.connections.testAndSave({
        providerId: 'ticketly',
        product: 'resolve',
        credentials: { baseUrl: simulator.baseUrl, apiKey: simulator.apiKey },
      });
      if (!saved.saved) throw new Error(`${saved.failure.reason}: ${saved.failure.message}`);
      const [row] = (await bridge.mappings.accounts(saved.connection.id)).items;
      if (!row) throw new Error('no GoTo account');
      const match = await bridge.mappings.suggest(saved.connection.id, row.account);
      if (match.outcome !== 'found' || match.company?.name !== 'Acme Corporation') {
        throw new Error(`expected Acme Corporation, got ${match.outcome}`);
      }
      console.log(`  ${row.account.name} → ${match.company.name} #${match.company.id} (${match.outcome})`);
    } finally {
      await simulator.close();
    }
  });
});
