/**
 * SPEC R2: once a connection's companies are in the read model, the automatic search (M1), the
 * manual search (M2), auto-map (M4) and the search filters answer from the copy with no vendor
 * request, and must answer exactly what the PSA itself gives: the same outcomes, evidence,
 * candidates, pages and order. Each simulator serves adversarial names (case-only twins,
 * quotes, `%` and `_`, emoji, accents) and, where the vendor's `contains` is unconfirmed, reads
 * wildcards as SQL would, so the server's answer is a superset the adapter must narrow.
 */
import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { mswHandlers as cwHandlers } from '@psa-bridge/connectwise/fake/msw';
import {
  type Company,
  createBridge,
  createMemoryStores,
  type Page,
  type PsaProvider,
} from '@psa-bridge/core';
import { createMemoryGoto, createTestClock } from '@psa-bridge/core/testing';
import { datto } from '@psa-bridge/datto';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { mswHandlers as atHandlers } from '@psa-bridge/datto/fake/msw';
import { halo } from '@psa-bridge/halo';
import { createHaloFake } from '@psa-bridge/halo/fake';
import { mswHandlers as haloHandlers } from '@psa-bridge/halo/fake/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { strangerDataSet } from '../../bench/stranger-names.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ADVERSARIAL = [
  'Acme Corporation',
  'ACME corporation',
  'acme Corporation B.V.',
  '100% IT Services',
  '100_ IT Services',
  'Smith & Sons "The Best"',
  "O'Neill Dental",
  'Müller & Söhne GmbH',
  'Muller & Sohne GmbH',
  '🚀 Rocket Labs 👩‍💻 International Holding Company With A Very Long Name Indeed',
  'Rocket Labs',
];

function names(count: number): { companies: string[]; accounts: string[] } {
  const { companies, labels } = strangerDataSet(count, 60, 77);
  return {
    companies: [...ADVERSARIAL, ...companies.map((company) => company.name)].slice(0, count),
    accounts: [
      ...ADVERSARIAL.slice(0, 6),
      'Rocket Labs International',
      'Nobody Here',
      ...labels.map((l) => l.name),
    ],
  };
}

interface Psa {
  readonly name: string;
  readonly provider: () => PsaProvider<unknown>;
  readonly providerId: string;
  /** A simulator serving these names, half of the rest made inactive; its credentials. */
  readonly start: (companyNames: readonly string[]) => { credentials: unknown };
}

const PSAS: Psa[] = [
  {
    name: 'ConnectWise (contains read as LIKE)',
    providerId: 'connectwise',
    provider: () => connectwise({ pageSize: 100 }) as PsaProvider<unknown>,
    start(companyNames) {
      const fake = createConnectWiseFake({
        companies: companyNames.length + 20,
        seed: 3,
        containsMode: 'like',
      });
      const live = fake.data.companies.filter((company) => !company.deletedFlag);
      companyNames.forEach((name, i) => {
        const company = live[i];
        if (company) company.name = name;
      });
      server.use(...cwHandlers(fake));
      return fake;
    },
  },
  {
    name: 'Autotask (contains read as LIKE)',
    providerId: 'datto',
    provider: () => datto({ pageSize: 100 }) as PsaProvider<unknown>,
    start(companyNames) {
      const fake = createAutotaskFake({
        companies: companyNames.length,
        contactsPerCompany: 1,
        seed: 3,
        containsMode: 'like',
      });
      const real = fake.data.companies.filter((company) => company.id !== 0);
      companyNames.forEach((name, i) => {
        const company = real[i];
        if (company) company.companyName = name;
      });
      server.use(...atHandlers(fake));
      return fake;
    },
  },
  {
    name: 'HaloPSA',
    providerId: 'halo',
    provider: () => halo({ pageSize: 100 }) as PsaProvider<unknown>,
    start(companyNames) {
      const fake = createHaloFake({ clients: companyNames.length, usersPerClient: 1, seed: 3 });
      companyNames.forEach((name, i) => {
        const client = fake.data.clients[i];
        if (client) client.name = name;
      });
      server.use(...haloHandlers(fake));
      return fake;
    },
  },
];

async function bridgeOn(
  psa: Psa,
  credentials: unknown,
  accounts: readonly string[],
  searchFrom: 'psa' | 'read-model',
) {
  const bridge = createBridge({
    providers: [psa.provider()],
    goto: createMemoryGoto({ accounts: accounts.map((name) => ({ name })) }).client(),
    stores: createMemoryStores(),
    connectOptions: { clock: createTestClock() },
    searchFrom,
  });
  const saved = await bridge.connections.testAndSave({
    providerId: psa.providerId,
    product: 'resolve',
    credentials,
  } as never);
  if (!saved.saved) throw new Error(`not saved: ${saved.failure.message}`);
  return { bridge, connectionId: saved.connection.id };
}

async function everyPage(page: Page<Company>) {
  const pages: string[][] = [];
  for (let current: Page<Company> = page; ; ) {
    pages.push(current.items.map((company) => `${company.id}:${company.name}`));
    const next = await current.nextPage();
    if (!next) return pages;
    current = next;
  }
}

describe.each(PSAS)('the read model answers as $name does (SPEC R2)', (psa) => {
  it('suggest, search, filters and a dry-run auto-map: identical answers, no vendor request', {
    timeout: 60_000,
  }, async () => {
    const { companies, accounts } = names(600);
    const fake = psa.start(companies);
    const live = await bridgeOn(psa, fake.credentials, accounts, 'psa');
    const local = await bridgeOn(psa, fake.credentials, accounts, 'read-model');
    await local.bridge.refresh(local.connectionId);

    let requests = 0;
    const counting = (on: boolean) => {
      server.events.removeAllListeners();
      if (!on) return;
      server.events.on('request:start', () => {
        requests += 1;
      });
    };

    const liveAccounts = [];
    for await (const row of await live.bridge.mappings.accounts(live.connectionId))
      liveAccounts.push(row.account);
    for (const account of liveAccounts.slice(0, 40)) {
      counting(false);
      const expected = await live.bridge.mappings.suggest(live.connectionId, account);
      counting(true);
      const actual = await local.bridge.mappings.suggest(local.connectionId, account);
      expect(actual, account.name).toEqual(expected);
    }

    counting(false);
    const expectedFilters = await live.bridge.mappings.filters(live.connectionId);
    counting(true);
    expect(await local.bridge.mappings.filters(local.connectionId)).toEqual(expectedFilters);
    const active = expectedFilters.statuses.filter((status) => !status.inactive).map((status) => status.id);
    const firstType = expectedFilters.types[0]?.id;
    for (const query of [
      { name: 'acme' },
      { name: '100%' },
      { name: '_ IT' },
      { name: '"The Best"' },
      { name: 'söhne' },
      { name: '👩‍💻' },
      { name: 'holding', statusIds: active },
      { name: '', ...(firstType ? { typeIds: [firstType] } : {}) },
    ]) {
      counting(false);
      const expected = await everyPage(
        await live.bridge.mappings.search(live.connectionId, query, { pageSize: 7 }),
      );
      counting(true);
      const actual = await everyPage(
        await local.bridge.mappings.search(local.connectionId, query, { pageSize: 7 }),
      );
      expect(actual, JSON.stringify(query)).toEqual(expected);
    }

    counting(false);
    const expectedMap = await live.bridge.mappings.autoMapAll(live.connectionId, { dryRun: true });
    counting(true);
    const actualMap = await local.bridge.mappings.autoMapAll(local.connectionId, { dryRun: true });
    expect(actualMap).toEqual(expectedMap);
    expect(expectedMap.totals.found).toBeGreaterThan(0);
    expect(expectedMap.totals.multiple).toBeGreaterThan(0);
    expect(requests).toBe(0);
  });
});
