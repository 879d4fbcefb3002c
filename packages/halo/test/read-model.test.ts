import { createBridge, createMemoryStores, isPsaBridgeError } from '@psa-bridge/core';
import { createMemoryGoto, createTestClock } from '@psa-bridge/core/testing';
import { halo } from '@psa-bridge/halo';
import { createHaloFake } from '@psa-bridge/halo/fake';
import { mswHandlers } from '@psa-bridge/halo/fake/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function setup() {
  const fake = createHaloFake({ clients: 95, usersPerClient: 1, seed: 3 });
  server.use(...mswHandlers(fake));
  const pages: number[] = [];
  server.events.removeAllListeners();
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (url.pathname.endsWith('/api/client') && url.searchParams.get('page_size') === '10')
      pages.push(Number(url.searchParams.get('page_no')));
  });
  const bridge = createBridge({
    providers: [halo({ pageSize: 10, retry: { retries: 0 } })],
    goto: createMemoryGoto({ accounts: [{ name: 'Acme' }] }).client(),
    stores: createMemoryStores(),
    connectOptions: { clock: createTestClock() },
  });
  const saved = await bridge.connections.testAndSave({
    providerId: 'halo',
    product: 'resolve',
    credentials: fake.credentials,
  });
  if (!saved.saved) throw new Error('not saved');
  return { fake, bridge, connectionId: saved.connection.id, pages };
}

describe('HaloPSA clients in the read model (SPEC R1)', () => {
  it('resumes a full read at the page in flight after a failure, repeating no other page', async () => {
    const { fake, bridge, connectionId, pages } = await setup();
    let failed = false;
    const first = await bridge
      .refresh(connectionId, {
        parts: ['companies'],
        mode: 'full',
        onProgress: ({ read }) => {
          if (read === 40 && !failed) {
            failed = true;
            fake.host.faults.push({ kind: 'status', status: 503 }, 1, { path: /\/api\/client$/ });
          }
        },
      })
      .catch((error: unknown) => error);
    expect(isPsaBridgeError(first)).toBe(true);
    // The next page is read while one is written, so the failure hits page 5 or 6.
    const failedAt = pages.at(-1) ?? 0;
    expect([5, 6]).toContain(failedAt);
    expect(pages).toEqual(Array.from({ length: failedAt }, (_, i) => i + 1));
    const report = await bridge.refresh(connectionId, { parts: ['companies'], mode: 'full' });
    expect(report.companies).toMatchObject({ mode: 'full', resumed: true, read: fake.data.clients.length });
    // It goes on from the page that failed: that page is read again, no other.
    expect(pages.slice(failedAt)).toEqual(Array.from({ length: 11 - failedAt }, (_, i) => failedAt + i));
  });

  it('reads whole when asked for changes: HaloPSA documents no change filter for clients', async () => {
    const { fake, bridge, connectionId, pages } = await setup();
    await bridge.refresh(connectionId, { parts: ['companies'], mode: 'full' });
    const client = fake.data.clients[3];
    if (!client) throw new Error('no client');
    client.name = `${client.name} (renamed)`;
    const before = pages.length;
    const report = await bridge.refresh(connectionId, { parts: ['companies'], mode: 'incremental' });
    expect(report.companies?.mode).toBe('full');
    expect(pages.length - before).toBe(10);
    const found = [];
    for await (const company of await bridge.mappings.search(connectionId, { name: '(renamed)' }))
      found.push(company);
    expect(found).toHaveLength(1);
  });

  it('refuses a cursor that is not its own with VALIDATION, sending nothing', async () => {
    const { fake } = await setup();
    const client = await halo({ pageSize: 10 }).connect(fake.credentials, { clock: createTestClock() });
    const before = fake.host.stats.requests;
    for (const cursor of ['0', '-1', 'https://attacker.example/api/client?page_no=2', '1e3', '9999999999']) {
      const error = await client.listCompanyPage?.({ cursor }).catch((caught: unknown) => caught);
      expect(isPsaBridgeError(error, 'VALIDATION'), cursor).toBe(true);
    }
    expect(fake.host.stats.requests).toBe(before);
  });
});
