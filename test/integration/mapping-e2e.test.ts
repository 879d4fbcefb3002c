import { createBridge } from '@psa-bridge/core';
import { createMemoryGoto, createTestClock } from '@psa-bridge/core/testing';
import { datto } from '@psa-bridge/datto';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { mswHandlers } from '@psa-bridge/datto/fake/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psaWrites } from './scenario.js';

const fake = createAutotaskFake({ companies: 1_200, contactsPerCompany: 0, seed: 8 });
const live = fake.data.companies.filter((company) => company.id !== 0 && company.isActive);
const twin = live[3];
if (twin) fake.data.companies.push({ ...twin, id: 99_999_999, companyName: `${twin.companyName} Inc.` });
const server = setupServer(...mswHandlers(fake));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('mapping against the Autotask simulator (SPEC M1, M4)', () => {
  it('gives the three outcomes, and auto-maps with requests that grow with companies only', async () => {
    const accounts = [
      live[0]?.companyName ?? '',
      twin?.companyName ?? '',
      'Nobody Here At All',
      ...live.slice(10, 410).map((c) => c.companyName),
    ];
    const goto = createMemoryGoto({ accounts: accounts.map((name) => ({ name })) });
    const bridge = createBridge({
      providers: [datto()],
      goto: goto.client(),
      connectOptions: { clock: createTestClock() },
    });
    const saved = await bridge.connections.testAndSave({
      providerId: 'datto',
      product: 'resolve',
      credentials: fake.credentials,
    });
    if (!saved.saved) throw new Error(saved.failure.message);
    const rows = await bridge.mappings.accounts(saved.connection.id);
    const outcomes = [];
    for (const { account } of rows.items.slice(0, 3))
      outcomes.push((await bridge.mappings.suggest(saved.connection.id, account)).outcome);
    expect(outcomes).toEqual(['found', 'multiple', 'none']);
    const before = fake.host.stats.requests;
    const report = await bridge.mappings.autoMapAll(saved.connection.id);
    // The picklist is cached; the 1,001 active companies come in three pages of 500.
    expect(fake.host.stats.requests - before).toBe(3);
    expect(report.totals).toMatchObject({ found: 401, multiple: 1, none: 1, saved: 401 });
    expect(psaWrites(fake)).toEqual([]);
  });
});
