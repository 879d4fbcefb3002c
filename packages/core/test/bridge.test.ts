import { inspect } from 'node:util';
import { type Company, createBridge, type HttpRequestEvent, isPsaBridgeError } from '@psa-bridge/core';
import { createMemoryGoto, createMemoryPsa, createTestClock } from '@psa-bridge/core/testing';
import { describe, expect, it } from 'vitest';

const SENTINEL = 'S3NTINEL-secret-value-42';
const active = { id: '1', name: 'Active' };
const inactive = { id: '2', name: 'Inactive' };
const customer = [{ id: '1', name: 'Customer' }];

function setup(companies: Company[] = []) {
  const psa = createMemoryPsa({ apiKey: SENTINEL, pageSize: 3, data: { companies } });
  const goto = createMemoryGoto({
    accounts: [
      { name: 'Acme Corporation' },
      { name: 'Globex B.V.' },
      { name: 'Initech' },
      { name: 'Umbrella Health' },
      { name: 'Hooli' },
    ],
  });
  const events: HttpRequestEvent[] = [];
  const bridge = createBridge({
    providers: [psa.provider],
    goto: goto.client(),
    connectOptions: {
      clock: createTestClock(),
      hooks: { onRequest: (event) => events.push(event), onResponse: (event) => events.push(event) },
    },
  });
  const connect = () =>
    bridge.connections.testAndSave({
      providerId: 'memory',
      product: 'resolve',
      credentials: { apiKey: SENTINEL },
    });
  return { psa, goto, bridge, events, connect };
}

const savedId = async (result: Awaited<ReturnType<ReturnType<typeof setup>['connect']>>): Promise<string> => {
  if (!result.saved) throw new Error(result.failure.message);
  return result.connection.id;
};

const psaCompanies: Company[] = [
  { id: '10', name: 'ACME, Inc.', status: active, types: customer },
  { id: '11', name: 'Acme Dental', status: active, types: customer },
  { id: '20', name: 'Globex BV', status: active, types: customer },
  { id: '30', name: 'Initech LLC', status: active, types: customer },
  { id: '31', name: 'Initech Ltd', status: active, types: customer },
  { id: '40', name: 'Umbrella Health Old', status: inactive, types: customer },
  { id: '50', name: 'Vandelay Industries', status: active, types: customer },
];

describe('connections (SPEC C2-C6)', () => {
  it('saves a connection only when its test passes, without credentials in what it returns', async () => {
    const { bridge, connect, psa } = setup();
    const result = await connect();
    expect(result).toMatchObject({ saved: true, connection: { providerId: 'memory', product: 'resolve' } });
    expect(result.saved && result.connection.label).toBe('In-memory PSA for resolve');
    expect((await bridge.connections.list()).items).toHaveLength(1);
    psa.permissions.contacts = false;
    const failed = await bridge.connections.testAndSave({
      providerId: 'memory',
      product: 'rescue',
      credentials: { apiKey: SENTINEL },
    });
    expect(failed).toMatchObject({ saved: false, failure: { step: 'read-contacts', reason: 'PERMISSION' } });
    expect((await bridge.connections.list()).items).toHaveLength(1);
  });

  it('keeps several connections, one product each (C2)', async () => {
    const { bridge } = setup();
    for (const product of ['resolve', 'rescue', 'connect'] as const) {
      await bridge.connections.testAndSave({
        providerId: 'memory',
        product,
        credentials: { apiKey: SENTINEL },
      });
    }
    expect((await bridge.connections.list()).items.map((connection) => connection.product)).toEqual([
      'resolve',
      'rescue',
      'connect',
    ]);
  });

  it('says why a test failed, in words, and saves nothing (C4)', async () => {
    const { bridge } = setup();
    const result = await bridge.connections.testAndSave({
      providerId: 'memory',
      product: 'resolve',
      credentials: { apiKey: 'wrong-key-000' },
    });
    expect(result).toMatchObject({
      saved: false,
      failure: { step: 'authenticate', reason: 'AUTHENTICATION' },
    });
    expect(result.saved ? '' : result.failure.message).toContain('Check the credentials');
    expect((await bridge.connections.list()).items).toEqual([]);
  });

  it('refuses bad input with VALIDATION before any request (C3)', async () => {
    const { bridge, psa } = setup();
    const attempts = [
      { providerId: 'nope', product: 'resolve', credentials: { apiKey: SENTINEL } },
      { providerId: 'memory', product: ' ', credentials: { apiKey: SENTINEL } },
      { providerId: 'memory', product: 'resolve', credentials: { apiKey: '' } },
      { providerId: 'memory', product: 'resolve', credentials: null },
    ];
    for (const attempt of attempts) {
      // Wrong on purpose: the types refuse these too; the run-time checks are what is tested.
      const error = await bridge.connections.testAndSave(attempt as never).catch((e: unknown) => e);
      expect(isPsaBridgeError(error, 'VALIDATION')).toBe(true);
    }
    expect(psa.stats.requests).toBe(0);
  });

  it('re-tests new credentials before replacing the old ones (C6)', async () => {
    const { bridge, connect } = setup([psaCompanies[0] as Company]);
    const id = await savedId(await connect());
    const bad = await bridge.connections.update(id, { credentials: { apiKey: 'wrong-key-000' } });
    expect(bad).toMatchObject({ saved: false, failure: { reason: 'AUTHENTICATION' } });
    const client = await bridge.connections.client(id);
    expect(await client.getCompany('10')).toMatchObject({ name: 'ACME, Inc.' });
    const renamed = await bridge.connections.update(id, { label: 'Main PSA' });
    expect(renamed).toMatchObject({ saved: true, connection: { label: 'Main PSA' } });
    await expect(bridge.connections.update('missing', { label: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('deletes a connection with its mappings and says how many (C6)', async () => {
    const { bridge, connect, goto } = setup(psaCompanies);
    const id = await savedId(await connect());
    const [acme, globex] = await goto.client().listAccounts();
    await bridge.mappings.save({ connectionId: id, accountKey: acme?.key ?? '', companyId: '10' });
    await bridge.mappings.save({ connectionId: id, accountKey: globex?.key ?? '', companyId: '20' });
    expect(await bridge.connections.delete(id)).toEqual({ deleted: true, mappingsRemoved: 2 });
    expect((await bridge.mappings.list(id)).items).toEqual([]);
    expect(await bridge.connections.delete(id)).toEqual({ deleted: false, mappingsRemoved: 0 });
    await expect(bridge.connections.client(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('secrets (SPEC C7)', () => {
  it('never show the sentinel secret, on any path', async () => {
    const { bridge, connect, psa, events } = setup(psaCompanies);
    const seen: unknown[] = [];
    const id = await savedId(await connect());
    seen.push(await bridge.connections.list(), await bridge.connections.get(id));
    seen.push(await bridge.stores.connections.list());
    psa.permissions.companies = false;
    seen.push(await connect());
    psa.permissions.companies = true;
    psa.faults.push({ kind: 'network' }, 20);
    seen.push(await connect());
    psa.faults.clear();
    seen.push(await bridge.connections.update(id, { credentials: { apiKey: `${SENTINEL}-changed` } }));
    for (const attempt of [
      bridge.connections.testAndSave({
        providerId: 'memory',
        // @ts-expect-error no product is refused at run time too
        product: '',
        credentials: { apiKey: SENTINEL },
      }),
      bridge.connections.testAndSave({
        providerId: 'memory',
        product: 'resolve',
        credentials: { apiKey: 42 },
      } as never),
      bridge.connections.testAndSave({
        providerId: 'unknown',
        product: 'resolve',
        credentials: { apiKey: SENTINEL },
      } as never),
    ]) {
      seen.push(await attempt.catch((error: unknown) => error));
    }
    seen.push(events);
    for (const value of seen) {
      expect(JSON.stringify(value) ?? '').not.toContain('S3NTINEL');
      expect(inspect(value, { depth: 12 })).not.toContain('S3NTINEL');
      if (value instanceof Error) expect(String(value.stack)).not.toContain('S3NTINEL');
    }
  });
});

describe('mappings (SPEC C5, M1-M3)', () => {
  it('shows every account with its mapping state (C5)', async () => {
    const { bridge, connect, goto } = setup(psaCompanies);
    const id = await savedId(await connect());
    const [acme] = await goto.client().listAccounts();
    await bridge.mappings.save({ connectionId: id, accountKey: acme?.key ?? '', companyId: '10' });
    const column = await bridge.mappings.accounts(id);
    expect(column.items.map((row) => [row.account.name, row.mapping?.companyName ?? null])).toEqual([
      ['Acme Corporation', 'ACME, Inc.'],
      ['Globex B.V.', null],
      ['Initech', null],
      ['Umbrella Health', null],
      ['Hooli', null],
    ]);
  });

  it('suggests found, multiple and none through a name search in the PSA (M1)', async () => {
    const { bridge, connect, goto } = setup(psaCompanies);
    const id = await savedId(await connect());
    const accounts = await goto.client().listAccounts();
    const outcome = async (name: string) => {
      const account = accounts.find((candidate) => candidate.name === name);
      if (!account) throw new Error(name);
      return bridge.mappings.suggest(id, account);
    };
    expect(await outcome('Globex B.V.')).toMatchObject({ outcome: 'found', company: { id: '20' } });
    expect(await outcome('Initech')).toMatchObject({ outcome: 'multiple' });
    expect((await outcome('Initech')).candidates.map((c) => c.company.id)).toEqual(['30', '31']);
    expect(await outcome('Hooli')).toMatchObject({ outcome: 'none', candidates: [] });
  });

  it('searches by hand with status and type filters, page by page (M2)', async () => {
    const { bridge, connect } = setup(psaCompanies);
    const id = await savedId(await connect());
    const { statuses, types } = await bridge.mappings.filters(id);
    expect(statuses.map((status) => status.name)).toEqual(['Active', 'Inactive']);
    expect(types.map((type) => type.name)).toContain('Customer');
    const first = await bridge.mappings.search(id, { statusIds: ['1'] }, { pageSize: 2 });
    expect(first.items.map((company) => company.id)).toEqual(['10', '11']);
    const second = await first.nextPage();
    // A cursor is plain text: the next page comes from it in a later call, and nextPage() can be
    // asked again (a screen going back and forth), with the same answer.
    expect(typeof second?.cursor).toBe('string');
    const third = await bridge.mappings.search(
      id,
      { statusIds: ['1'] },
      { pageSize: 2, cursor: second?.cursor ?? null },
    );
    expect(third.items.map((company) => company.id)).toEqual(['31', '50']);
    expect((await second?.nextPage())?.items).toEqual(third.items);
    expect(third).toMatchObject({ hasMore: false, cursor: null });
    expect(await third.nextPage()).toBeNull();
    expect(JSON.parse(JSON.stringify(first))).toEqual({
      items: first.items,
      cursor: first.cursor,
      hasMore: true,
      skippedRecords: 0,
      refreshedAt: null, // read from the PSA: nothing refreshed yet
    });
    await expect(
      bridge.mappings.search(id, { statusIds: ['1'] }, { cursor: 'not-a-cursor' }),
    ).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'cursor' } });
    const named = await bridge.mappings.search(id, { name: 'umbrella', statusIds: ['2'] });
    expect(named.items.map((company) => company.id)).toEqual(['40']);
    // The same search as an async iterable: this page, then every later one (one paging model).
    const ids: string[] = [];
    for await (const company of await bridge.mappings.search(id, { statusIds: ['1'] }, { pageSize: 2 })) {
      ids.push(company.id);
    }
    expect(ids).toEqual(['10', '11', '20', '30', '31', '50']);
  });

  it('saves, updates and deletes one mapping per account and connection (M3)', async () => {
    const { bridge, connect, goto } = setup(psaCompanies);
    const id = await savedId(await connect());
    const [acme] = await goto.client().listAccounts();
    const key = acme?.key ?? '';
    await expect(
      bridge.mappings.update({ connectionId: id, accountKey: key, companyId: '10' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await bridge.mappings.save({ connectionId: id, accountKey: key, companyId: '11' });
    const edited = await bridge.mappings.update({ connectionId: id, accountKey: key, companyId: '10' });
    expect(edited).toMatchObject({ companyId: '10', companyName: 'ACME, Inc.', source: 'manual' });
    expect((await bridge.mappings.list(id)).items).toHaveLength(1);
    await expect(
      bridge.mappings.save({ connectionId: id, accountKey: key, companyId: '999' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await bridge.mappings.delete(id, key)).toEqual({ deleted: true });
    expect(await bridge.mappings.delete(id, key)).toEqual({ deleted: false });
    expect(await bridge.mappings.get(id, key)).toBeNull();
  });
});

describe('autoMapAll (SPEC M4)', () => {
  it('reports every account with evidence in a dry run, and saves nothing', async () => {
    const { bridge, connect } = setup(psaCompanies);
    const id = await savedId(await connect());
    const report = await bridge.mappings.autoMapAll(id, { dryRun: true });
    expect(report.rows.map((row) => [row.account.name, row.outcome, row.company?.id])).toEqual([
      ['Acme Corporation', 'found', '10'],
      ['Globex B.V.', 'found', '20'],
      ['Initech', 'multiple', undefined],
      ['Umbrella Health', 'none', undefined],
      ['Hooli', 'none', undefined],
    ]);
    expect(report.totals).toEqual({
      found: 2,
      none: 2,
      multiple: 1,
      alreadyMapped: 0,
      saved: 0,
      review: 3,
      shared: 0,
    });
    expect(report.review.map((row) => row.account.name)).toEqual(['Initech', 'Umbrella Health', 'Hooli']);
    expect((await bridge.mappings.list(id)).items).toEqual([]);
  });

  it('saves found outcomes, never overwrites a mapping, and reads companies once', async () => {
    const { bridge, connect, goto, psa } = setup(psaCompanies);
    const id = await savedId(await connect());
    const [acme] = await goto.client().listAccounts();
    await bridge.mappings.save({ connectionId: id, accountKey: acme?.key ?? '', companyId: '11' });
    const progress: string[] = [];
    const before = psa.stats.requests;
    const report = await bridge.mappings.autoMapAll(id, {
      onProgress: (event) => progress.push(event.phase),
    });
    // The statuses, then 6 active companies in two pages of 3: not one request per account.
    expect(psa.stats.requests - before).toBe(3);
    expect(report.totals).toMatchObject({ found: 1, alreadyMapped: 1, saved: 1 });
    expect((await bridge.mappings.get(id, acme?.key ?? ''))?.companyId).toBe('11');
    expect(report.rows[0]?.existing?.companyId).toBe('11');
    expect(progress).toContain('matching');
    expect(psa.stats.writes).toBe(0);
  });

  it('lets the app choose the filter, inactive companies included', async () => {
    const { bridge, connect } = setup(psaCompanies);
    const id = await savedId(await connect());
    const report = await bridge.mappings.autoMapAll(id, { dryRun: true, filter: {} });
    expect(report.rows.find((row) => row.account.name === 'Umbrella Health')?.candidates[0]?.company.id).toBe(
      '40',
    );
    expect(report.companiesRead).toBe(7);
  });
});
