import { connectwise } from '@psa-bridge/connectwise';
import { type ConnectWiseFake, createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import { createBridge, createMemoryStores, isPsaBridgeError } from '@psa-bridge/core';
import { createMemoryGoto, createTestClock } from '@psa-bridge/core/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type Field = 'lastUpdated' | '_info/lastUpdated';

async function setup(served: Field, sent: Field) {
  const fake = createConnectWiseFake({ companies: 500, seed: 9, changedField: served });
  server.use(...mswHandlers(fake));
  // Every request as it left, query string included (hooks see no query: it may hold secrets).
  const urls: URL[] = [];
  server.events.removeAllListeners();
  server.events.on('request:start', ({ request }) => void urls.push(new URL(request.url)));
  const bridge = createBridge({
    providers: [connectwise({ pageSize: 50, changedField: sent })],
    goto: createMemoryGoto({ accounts: [{ name: 'Acme' }] }).client(),
    stores: createMemoryStores(),
    connectOptions: { clock: createTestClock() },
  });
  const saved = await bridge.connections.testAndSave({
    providerId: 'connectwise',
    product: 'resolve',
    credentials: fake.credentials,
  });
  if (!saved.saved) throw new Error('not saved');
  const companyReads = () => urls.filter((url) => /\/company\/companies$/.test(url.pathname)).length;
  return { fake, bridge, connectionId: saved.connection.id, urls, companyReads };
}

/** Marks `count` live companies changed now (renamed, `_info.lastUpdated` moved on). */
function change(fake: ConnectWiseFake, count: number, at: string) {
  const live = fake.data.companies.filter((company) => !company.deletedFlag);
  for (const company of live.slice(0, count)) {
    company.name = `${company.name} (renamed)`;
    company._info = { ...company._info, lastUpdated: at };
  }
}

const names = async (bridge: ReturnType<typeof createBridge>, connectionId: string) => {
  const found: string[] = [];
  for await (const company of (await bridge.mappings.search(connectionId, { name: '(renamed)' })) ?? [])
    found.push(company.name);
  return found;
};

describe('ConnectWise companies in the read model (SPEC R1)', () => {
  it.each([
    ['lastUpdated', 'lastUpdated'],
    ['_info/lastUpdated', '_info/lastUpdated'],
  ] as const)(
    'an incremental read asks only for changes (server takes %s, client sends %s)',
    async (served, sent) => {
      const { fake, bridge, connectionId, urls, companyReads } = await setup(served, sent);
      const probes = companyReads(); // the connection test's
      const full = await bridge.refresh(connectionId, { parts: ['companies'], mode: 'full' });
      const live = fake.data.companies.filter((company) => !company.deletedFlag).length;
      expect(full.companies?.mode).toBe('full');
      expect(full.companies?.read).toBe(live);
      const fullReads = companyReads() - probes;
      expect(fullReads).toBe(Math.ceil(live / 50));

      // 1% changes (5 of 500), one company is deleted, and time moves on.
      change(fake, 5, '2099-01-01T00:00:00Z');
      const gone = fake.data.companies.find(
        (company) => !company.deletedFlag && !company.name.includes('renamed'),
      );
      if (!gone) throw new Error('no company to delete');
      gone.deletedFlag = true;
      gone._info = { ...gone._info, lastUpdated: '2099-01-01T00:00:00Z' };
      const before = companyReads();
      const incremental = await bridge.refresh(connectionId, { parts: ['companies'], mode: 'incremental' });
      expect(incremental.companies?.mode).toBe('incremental');
      expect(companyReads() - before).toBe(1);
      const asked = urls.filter((url) => /\/company\/companies$/.test(url.pathname)).at(-1);
      expect(asked?.searchParams.get('conditions')).toMatch(
        new RegExp(`^${sent.replace('/', '\\/')} >= \\[`),
      );
      expect(
        incremental.companies && 'removed' in incremental.companies ? incremental.companies.removed : -1,
      ).toBe(1);
      expect(await names(bridge, connectionId)).toHaveLength(5);
    },
  );

  it('falls back to a full read when the server refuses the change condition', async () => {
    const { fake, bridge, connectionId, companyReads } = await setup('_info/lastUpdated', 'lastUpdated');
    await bridge.refresh(connectionId, { parts: ['companies'], mode: 'full' });
    change(fake, 5, '2099-01-01T00:00:00Z');
    const before = companyReads();
    const report = await bridge.refresh(connectionId, { parts: ['companies'], mode: 'incremental' });
    expect(report.companies?.mode).toBe('full');
    // One refused request, then every page again.
    expect(companyReads() - before).toBe(
      1 + Math.ceil(fake.data.companies.filter((c) => !c.deletedFlag).length / 50),
    );
    expect(await names(bridge, connectionId)).toHaveLength(5);
  });

  it('keeps every company’s last change as modifiedAt', async () => {
    const { fake } = await setup('lastUpdated', 'lastUpdated');
    const client = await connectwise({ pageSize: 50 }).connect(fake.credentials, {
      clock: createTestClock(),
    });
    const page = await client.listCompanyPage?.({});
    expect(page?.items[0]?.modifiedAt).toBe('2025-06-01T12:00:00.000Z');
    expect(page?.cursor).toMatch(/pageId=/);
    const next = await client.listCompanyPage?.({ cursor: page?.cursor ?? null });
    expect(next?.items[0]?.id).not.toBe(page?.items[0]?.id);
  });

  it('refuses a kept cursor that points at another origin, sending nothing there', async () => {
    const { fake } = await setup('lastUpdated', 'lastUpdated');
    const client = await connectwise({ pageSize: 50 }).connect(fake.credentials, {
      clock: createTestClock(),
    });
    const error = await client
      .listCompanyPage?.({
        cursor: 'https://attacker.example/v4_6_release/apis/3.0/company/companies?pageId=5',
      })
      .catch((caught: unknown) => caught);
    expect(isPsaBridgeError(error, 'UPSTREAM')).toBe(true);
  });

  it('reconciles by ids alone: companies deleted for good leave the copy, pages of ids only', async () => {
    const { fake, bridge, connectionId, urls } = await setup('lastUpdated', 'lastUpdated');
    await bridge.refresh(connectionId, { parts: ['companies'], mode: 'full' });
    // Merged away: gone from the PSA without a trace (no deletedFlag, no lastUpdated).
    const removed = fake.data.companies.splice(10, 3);
    const before = urls.length;
    const report = await bridge.refresh(connectionId, { parts: ['companies'], mode: 'reconcile' });
    expect(report.companies).toMatchObject({ mode: 'reconcile', removed: 3, confirmed: 3 });
    const listings = urls.slice(before).filter((url) => /\/company\/companies$/.test(url.pathname));
    expect(listings.every((url) => url.searchParams.get('fields') === 'id')).toBe(true);
    const byId = urls.slice(before).filter((url) => /\/company\/companies\/\d+$/.test(url.pathname));
    expect(byId).toHaveLength(3);
    const left = await bridge.mappings.search(connectionId, { name: removed[0]?.name ?? '' });
    const found = [];
    for await (const company of left) found.push(company.id);
    expect(found).not.toContain(String(removed[0]?.id));
  });
});
