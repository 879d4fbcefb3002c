import { connectwise } from '@psa-bridge/connectwise';
import { type ConnectWiseFake, createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import { createBridge, createMemoryStores } from '@psa-bridge/core';
import { createMemoryGoto, createTestClock } from '@psa-bridge/core/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let fake: ConnectWiseFake;
beforeEach(() => {
  fake = createConnectWiseFake({ companies: 30, seed: 4 });
  server.use(...mswHandlers(fake));
});

describe('the caller’s signal reaches the request in flight (SPEC I6, call options)', () => {
  it.each([1, 2, 3])(
    'an abort during page %i of a slow listing ends ABORTED at once, not TIMEOUT at the limit',
    async (page) => {
      const client = await connectwise({ pageSize: 10 }).connect(fake.credentials, {
        clock: createTestClock(),
      });
      const abort = new AbortController();
      const pages: number[] = [];
      const iterator = client
        .searchCompanies({}, { signal: abort.signal, timeoutMs: 5_000 })
        [Symbol.asyncIterator]();
      let read = 0;
      let error: unknown;
      try {
        for (;;) {
          if (read === (page - 1) * 10) {
            // Every answer from now on takes far longer than anyone waits; abort while it is in flight.
            fake.host.settings.latencyMs = 60_000;
            const before = fake.host.stats.requests;
            setTimeout(() => {
              pages.push(fake.host.stats.requests - before);
              abort.abort();
            }, 60);
          }
          const next = await iterator.next();
          if (next.done) break;
          read += 1;
        }
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ code: 'ABORTED' });
      // The abort fell on a request in flight (one was sent, none answered), and nothing more was sent.
      expect(pages).toEqual([1]);
      expect(read).toBe((page - 1) * 10);
    },
  );

  it.each([false, true])(
    'bridge.mappings.search: an abort during a slow page ends ABORTED at once (next page: %s)',
    async (secondPage) => {
      const bridge = createBridge({
        providers: [connectwise({ pageSize: 10 })],
        goto: createMemoryGoto({ accounts: [] }).client({ clock: createTestClock() }),
        stores: createMemoryStores(),
      });
      const saved = await bridge.connections.testAndSave({
        providerId: 'connectwise',
        product: 'resolve',
        credentials: fake.credentials,
      });
      if (!saved.saved) throw new Error('not saved');
      const first = await bridge.mappings.search(saved.connection.id, {}, { pageSize: 10 });
      fake.host.settings.latencyMs = 60_000;
      const before = fake.host.stats.requests;
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 60);
      const reading = secondPage
        ? bridge.mappings.search(
            saved.connection.id,
            {},
            { pageSize: 10, cursor: first.cursor, signal: abort.signal, timeoutMs: 120_000 },
          )
        : bridge.mappings.search(
            saved.connection.id,
            { name: 'a' },
            { pageSize: 10, signal: abort.signal, timeoutMs: 120_000 },
          );
      await expect(reading).rejects.toMatchObject({ code: 'ABORTED' });
      expect(fake.host.stats.requests - before).toBeLessThanOrEqual(1);
      // The aborted search is not kept: the next read of that page starts a fresh one.
      fake.host.settings.latencyMs = 0;
      const again = await bridge.mappings.search(
        saved.connection.id,
        {},
        { pageSize: 10, ...(secondPage ? { cursor: first.cursor } : {}) },
      );
      expect(again.items.length).toBeGreaterThan(0);
    },
  );
});
