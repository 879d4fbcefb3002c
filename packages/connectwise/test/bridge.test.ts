import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import { createBridge } from '@psa-bridge/core';
import { createMemoryGoto, createTestClock } from '@psa-bridge/core/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fake = createConnectWiseFake({ companies: 3000, contactsPerCompany: 0, seed: 21 });
const names = ['Acme Logistics Group', 'Acme Logistics Group', 'Globex Dental Care', 'Nordlicht Bakery'];
names.forEach((name, i) => {
  const company = fake.data.companies[i * 10];
  if (company)
    fake.data.companies[i * 10] = { ...company, name: i === 2 ? `${name} B.V.` : name, deletedFlag: false };
});
const server = setupServer(...mswHandlers(fake));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

function bridgeWith(accounts: string[]) {
  const goto = createMemoryGoto({ accounts: accounts.map((name) => ({ name })) });
  return createBridge({
    providers: [connectwise()],
    goto: goto.client(),
    connectOptions: { clock: createTestClock() },
  });
}

describe('connections and mappings against the ConnectWise simulator', () => {
  it('tests and saves, and refuses wrong keys with a reason (SPEC C4)', async () => {
    const bridge = bridgeWith([]);
    const ok = await bridge.connections.testAndSave({
      providerId: 'connectwise',
      product: 'resolve',
      credentials: fake.credentials,
    });
    expect(ok.saved).toBe(true);
    const bad = await bridge.connections.testAndSave({
      providerId: 'connectwise',
      product: 'resolve',
      credentials: { ...fake.credentials, privateKey: 'not-it' },
    });
    expect(bad).toMatchObject({ saved: false, failure: { reason: 'AUTHENTICATION' } });
  });

  it('gives the three outcomes of the automatic search (SPEC M1)', async () => {
    const bridge = bridgeWith(['Acme Logistics Group', 'Globex Dental Care', 'Zebra Unknown Things']);
    const saved = await bridge.connections.testAndSave({
      providerId: 'connectwise',
      product: 'resolve',
      credentials: fake.credentials,
    });
    if (!saved.saved) throw new Error('not saved');
    const rows = await bridge.mappings.accounts(saved.connection.id);
    const outcomes = [];
    for (const { account } of rows.items)
      outcomes.push((await bridge.mappings.suggest(saved.connection.id, account)).outcome);
    expect(outcomes).toEqual(['multiple', 'found', 'none']);
  });

  it('auto-maps with requests that grow with companies, not accounts (SPEC M4)', async () => {
    const accounts = Array.from({ length: 400 }, (_, i) => fake.data.companies[i * 7]?.name ?? `x${i}`);
    const bridge = bridgeWith(accounts);
    const saved = await bridge.connections.testAndSave({
      providerId: 'connectwise',
      product: 'resolve',
      credentials: fake.credentials,
    });
    if (!saved.saved) throw new Error('not saved');
    const before = fake.host.stats.requests;
    const report = await bridge.mappings.autoMapAll(saved.connection.id, { dryRun: true });
    // statuses, then about 2,500 active companies in pages of 1000.
    expect(fake.host.stats.requests - before).toBe(4);
    expect(report.rows).toHaveLength(400);
    expect(report.totals.found).toBeGreaterThan(250);
  });
});
