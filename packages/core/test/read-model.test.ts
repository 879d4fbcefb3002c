import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Company,
  createBridge,
  createMemoryReadModelStore,
  createMemoryStores,
  isPsaBridgeError,
  type ReadModelStore,
} from '@psa-bridge/core';
import { createJsonFileReadModelStore, createJsonFileStores } from '@psa-bridge/core/node';
import { createMemoryGoto, createMemoryPsa, createTestClock } from '@psa-bridge/core/testing';
import { describe, expect, it } from 'vitest';
import {
  type RefreshSource,
  readAllRows,
  refreshScope,
  type SourceRow,
} from '../src/read-model/refresh-scope.js';

const company = (id: number, name = `Company ${id}`): SourceRow => ({
  id: String(id),
  record: { id: String(id), name },
});

/** A vendor of `total` companies in pages of `size`, with scripted misbehaviour. */
function vendor(total: number, size: number) {
  const records = new Map(Array.from({ length: total }, (_, i) => [String(i + 1), company(i + 1)]));
  const script = {
    /** Pages (by number) answered twice: the next cursor points at the same page again. */
    repeat: new Set<number>(),
    /** Pages (by number) left out: the cursor jumps over them. */
    skip: new Set<number>(),
    /** Fail when reading this page (once). */
    failAt: undefined as number | undefined,
    /** Called before a page is answered (to change data between pages). */
    beforePage: undefined as ((page: number) => void) | undefined,
  };
  const calls = { pages: 0, confirms: 0 };
  const repeated = new Set<number>();
  const source: RefreshSource = {
    resumable: true,
    async read(cursor) {
      let page = cursor === null ? 0 : Number(cursor);
      while (script.skip.has(page)) page += 1;
      calls.pages += 1;
      script.beforePage?.(page);
      if (script.failAt === page) {
        script.failAt = undefined;
        throw new Error('the vendor dropped the connection');
      }
      const rows = [...records.values()].slice(page * size, page * size + size);
      let next = page + 1;
      if (script.repeat.has(page) && !repeated.has(page)) {
        repeated.add(page);
        next = page;
      }
      return { rows, cursor: next * size < records.size ? String(next) : null };
    },
    async confirm(id) {
      calls.confirms += 1;
      return records.get(id) ?? null;
    },
  };
  return { records, script, calls, source };
}

function context(store: ReadModelStore, owner = 'p1') {
  return {
    store,
    clock: createTestClock(),
    owner,
    leaseMs: 60_000,
    confirmLimit: 50,
    allowMassRemoval: false,
    overlapMs: 0,
  };
}
const ids = async (store: ReadModelStore, scope = 's') => {
  const state = await store.getState(scope);
  return (await readAllRows(store, scope, state?.generation ?? 0)).map((row) => row.id);
};
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

describe('read model refresh (SPEC R1)', () => {
  it('a full refresh copies every record once, in the vendor order, and says when', async () => {
    const store = createMemoryReadModelStore();
    const v = vendor(95, 10);
    v.script.repeat.add(3); // a page answered twice
    const report = await refreshScope(context(store), 's', v.source, 'full');
    expect(await ids(store)).toEqual(range(1, 95));
    expect(report).toMatchObject({ mode: 'full', added: 95, removed: 0, resumed: false });
    expect((await store.getState('s'))?.refreshedAt).toBe(report.refreshedAt);
  });

  it('a skipped page loses nothing: vanished records are confirmed by id and kept', async () => {
    const store = createMemoryReadModelStore();
    const v = vendor(60, 10);
    await refreshScope(context(store), 's', v.source, 'full');
    v.script.skip.add(2);
    v.records.delete('55'); // really deleted
    const report = await refreshScope(context(store), 's', v.source, 'full');
    // Confirmed records keep their old place; the rest follow the vendor's order.
    expect((await ids(store)).sort((a, b) => Number(a) - Number(b))).toEqual([
      ...range(1, 54),
      ...range(56, 60),
    ]);
    expect(report.removed).toBe(1);
    expect(v.calls.confirms).toBe(11); // the ten of the skipped page, and 55
  });

  it('too many vanished records keep the previous copy, with a typed error naming the count', async () => {
    const store = createMemoryReadModelStore();
    const v = vendor(300, 100);
    await refreshScope(context(store), 's', v.source, 'full');
    v.script.skip.add(1);
    const error = await refreshScope(context(store), 's', v.source, 'full').catch((e: unknown) => e);
    expect(isPsaBridgeError(error, 'CONFLICT') && error.details).toMatchObject({
      reason: 'too-many-removals',
      vanished: 100,
    });
    expect(await ids(store)).toEqual(range(1, 300));
    expect((await store.getState('s'))?.failure?.code).toBe('CONFLICT');
  });

  it('a refresh that fails half-way keeps the previous complete copy visible; the next goes on from the page in flight', async () => {
    const store = createMemoryReadModelStore();
    const v = vendor(50, 10);
    await refreshScope(context(store), 's', v.source, 'full');
    v.records.set('51', company(51));
    v.script.failAt = 3;
    v.calls.pages = 0;
    await expect(refreshScope(context(store), 's', v.source, 'full')).rejects.toThrow('dropped');
    expect(await ids(store)).toEqual(range(1, 50)); // never half a column
    const state = await store.getState('s');
    expect(state?.failure).not.toBeNull();
    expect(state?.staging?.cursor).toBe('3');
    const resumed = await refreshScope(context(store, 'p2'), 's', v.source, 'full');
    expect(resumed.resumed).toBe(true);
    // Pages 0-2 once, page 3 twice (the failed read and its repeat), page 4 and 5 once.
    expect(v.calls.pages).toBe(7);
    expect(await ids(store)).toEqual(range(1, 51));
    expect((await store.getState('s'))?.failure).toBeNull();
  });

  it('a renamed record moving between pages during a refresh leaves one row, with the new name', async () => {
    const store = createMemoryReadModelStore();
    const v = vendor(40, 10);
    v.script.beforePage = (page) => {
      if (page === 2) v.records.set('5', company(5, 'Renamed mid-refresh'));
    };
    await refreshScope(context(store), 's', v.source, 'full');
    const rows = await readAllRows(store, 's', (await store.getState('s'))?.generation ?? 0);
    expect(rows.map((row) => row.id)).toEqual(range(1, 40));
    // Page 0 held the old name; the copy says what page 0 said, and the next refresh corrects it.
    await refreshScope(context(store), 's', v.source, 'full');
    const again = await readAllRows(store, 's', (await store.getState('s'))?.generation ?? 0);
    expect((again.find((row) => row.id === '5')?.record as Company | undefined)?.name).toBe(
      'Renamed mid-refresh',
    );
  });

  it('one refresh per list at a time: a live lease of another process is a CONFLICT', async () => {
    const store = createMemoryReadModelStore();
    const v = vendor(30, 10);
    v.script.failAt = 1;
    await refreshScope({ ...context(store), leaseMs: 60_000 }, 's', v.source, 'full').catch(() => undefined);
    // The failed refresh gave its lease back: another process may go on at once.
    await expect(refreshScope(context(store, 'p2'), 's', v.source, 'full')).resolves.toMatchObject({
      resumed: true,
    });
    const held = await store.getState('s');
    await store.setState('s', held?.version ?? 0, {
      ...(held as NonNullable<typeof held>),
      staging: {
        generation: 9,
        startedAt: '2026-01-01T00:00:00Z',
        cursor: null,
        read: 0,
        nextPosition: 0,
        owner: 'p3',
        leaseUntil: Date.now() + 60_000,
      },
    });
    const error = await refreshScope(context(store, 'p1'), 's', v.source, 'full').catch((e: unknown) => e);
    expect(isPsaBridgeError(error, 'CONFLICT') && error.details?.reason).toBe('refresh-running');
  });

  it('the JSON folder store keeps the copy and an interrupted refresh across a restart', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'psa-bridge-read-model-'));
    const v = vendor(30, 10);
    v.script.failAt = 2;
    await refreshScope(context(createJsonFileReadModelStore({ directory })), 's', v.source, 'full').catch(
      () => undefined,
    );
    const reopened = createJsonFileReadModelStore({ directory });
    expect((await reopened.getState('s'))?.staging?.cursor).toBe('2');
    await refreshScope(context(reopened, 'p2'), 's', v.source, 'full');
    expect(await ids(createJsonFileReadModelStore({ directory }))).toEqual(range(1, 30));
  });
});

describe('the mapping column from the read model (SPEC R2)', () => {
  function setup() {
    const companies: Company[] = Array.from({ length: 30 }, (_, i) => ({
      id: String(i + 1),
      name: i === 0 ? 'Acme Corporation' : `Company ${i + 1}`,
      status: { id: '1', name: 'Active' },
    }));
    const psa = createMemoryPsa({ pageSize: 7, data: { companies } });
    const goto = createMemoryGoto({
      accounts: [
        { name: 'Acme Corporation' },
        ...Array.from({ length: 120 }, (_, i) => ({ name: `Account ${i + 1}` })),
      ],
    });
    let requests = 0;
    const directory = mkdtempSync(join(tmpdir(), 'psa-bridge-bridge-rm-'));
    const bridge = createBridge({
      providers: [psa.provider],
      goto: goto.client(),
      stores: createJsonFileStores({ directory, plaintextCredentials: true }),
      connectOptions: { clock: createTestClock(), hooks: { onRequest: () => void requests++ } },
    });
    return { psa, goto, bridge, requests: () => requests + goto.stats.requests, directory };
  }

  it('pages, searches, filters and counts with no vendor request once refreshed', async () => {
    const { bridge, psa, requests } = setup();
    const saved = await bridge.connections.testAndSave({
      providerId: 'memory',
      product: 'resolve',
      credentials: psa.credentials,
    });
    if (!saved.saved) throw new Error('not saved');
    const connectionId = saved.connection.id;
    const before = await bridge.mappings.accounts(connectionId, { pageSize: 50 });
    expect(before.refreshedAt).toBeNull();
    const report = await bridge.refresh(connectionId);
    expect(report.accounts?.read).toBe(121);
    expect(report.companies?.read).toBe(30);
    const acme = (await bridge.mappings.accounts(connectionId, { q: 'acme' })).items[0];
    await bridge.mappings.save({ connectionId, accountKey: acme?.account.key ?? '', companyId: '1' });
    psa.data.companies[0] = { ...(psa.data.companies[0] as Company), name: 'Acme Holding' };
    await bridge.refresh(connectionId, { mode: 'full', parts: ['companies'] });

    const counted = requests();
    const first = await bridge.mappings.accounts(connectionId, { pageSize: 50, sort: 'name' });
    expect(first.items).toHaveLength(50);
    expect(first.counts).toEqual({ all: 121, mapped: 1, unmapped: 120, needsAttention: 1 });
    expect(first.refreshedAt).toBe(report.accounts?.refreshedAt);
    const all = [];
    for await (const row of first) all.push(row.account.name);
    expect(all).toHaveLength(121);
    expect(new Set(all).size).toBe(121);
    expect(all.slice(0, 3)).toEqual(['Account 1', 'Account 2', 'Account 3']); // natural order
    const attention = await bridge.mappings.accounts(connectionId, { filter: 'needs-attention' });
    expect(attention.items.map((row) => [row.account.name, row.problem])).toEqual([
      ['Acme Corporation', 'renamed'],
    ]);
    expect(
      (await bridge.mappings.accounts(connectionId, { filter: 'unmapped', q: 'ACCOUNT 11' })).counts.all,
    ).toBe(11);
    expect(
      (await bridge.mappings.accounts(connectionId, { sort: '-name', pageSize: 2 })).items.map(
        (row) => row.account.name,
      ),
    ).toEqual(['Acme Corporation', 'Account 120']);
    const searched = await bridge.mappings.search(connectionId, { name: 'company 1' });
    expect(searched.refreshedAt).not.toBeNull();
    expect(requests()).toBe(counted); // zero vendor requests per page load
  });

  it('refuses bad page options with a typed error naming the field', async () => {
    const { bridge, psa } = setup();
    const saved = await bridge.connections.testAndSave({
      providerId: 'memory',
      product: 'resolve',
      credentials: psa.credentials,
    });
    if (!saved.saved) throw new Error('not saved');
    for (const [options, field] of [
      [{ pageSize: 0 }, 'pageSize'],
      [{ filter: 'broken' }, 'filter'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
    ] as const) {
      const error = await bridge.mappings
        .accounts(saved.connection.id, options as never)
        .catch((e: unknown) => e);
      expect(isPsaBridgeError(error, 'VALIDATION'), JSON.stringify(options)).toBe(true);
      expect(JSON.stringify(error)).toContain(field);
    }
  });
});

describe('never trusting the copy for a write (SPEC R3)', () => {
  async function refreshed() {
    const companies: Company[] = [
      { id: '1', name: 'Acme Corporation', status: { id: '1', name: 'Active' } },
      { id: '2', name: 'Globex', status: { id: '1', name: 'Active' } },
      { id: '3', name: 'Initech', status: { id: '1', name: 'Active' } },
      { id: '4', name: 'Umbrella', status: { id: '2', name: 'Inactive' } },
    ];
    const psa = createMemoryPsa({ data: { companies } });
    const goto = createMemoryGoto({
      accounts: [{ name: 'Acme Corporation' }, { name: 'Globex' }, { name: 'Initech' }, { name: 'Umbrella' }],
    });
    const bridge = createBridge({
      providers: [psa.provider],
      goto: goto.client(),
      stores: createMemoryStores(),
    });
    const saved = await bridge.connections.testAndSave({
      providerId: 'memory',
      product: 'resolve',
      credentials: psa.credentials,
    });
    if (!saved.saved) throw new Error('not saved');
    const connectionId = saved.connection.id;
    await bridge.refresh(connectionId);
    const keys = new Map((await goto.client().listAccounts()).map((account) => [account.name, account.key]));
    return { psa, bridge, connectionId, key: (name: string) => keys.get(name) ?? '' };
  }

  it('saving re-reads the company: inactive is refused by name, deleted is NOT_FOUND, a rename is taken', async () => {
    const { psa, bridge, connectionId, key } = await refreshed();
    const inactive = await bridge.mappings
      .save({ connectionId, accountKey: key('Umbrella'), companyId: '4' })
      .catch((error: unknown) => error);
    expect(isPsaBridgeError(inactive, 'CONFLICT')).toBe(true);
    expect((inactive as Error).message).toContain('Umbrella');
    expect((inactive as { details: unknown }).details).toMatchObject({
      reason: 'company-inactive',
      companyId: '4',
    });
    expect(await bridge.mappings.get(connectionId, key('Umbrella'))).toBeNull();
    const allowed = await bridge.mappings.save({
      connectionId,
      accountKey: key('Umbrella'),
      companyId: '4',
      allowInactive: true,
    });
    expect(allowed.companyName).toBe('Umbrella');

    // The copy still says Globex is active and Initech exists; the PSA says otherwise now.
    psa.data.companies[1] = { ...(psa.data.companies[1] as Company), status: { id: '2', name: 'Inactive' } };
    psa.data.companies.splice(2, 1);
    psa.data.companies[0] = { ...(psa.data.companies[0] as Company), name: 'Acme Holding' };
    const gone = await bridge.mappings
      .save({ connectionId, accountKey: key('Initech'), companyId: '3' })
      .catch((error: unknown) => error);
    expect(isPsaBridgeError(gone, 'NOT_FOUND')).toBe(true);
    const nowInactive = await bridge.mappings
      .save({ connectionId, accountKey: key('Globex'), companyId: '2' })
      .catch((error: unknown) => error);
    expect(isPsaBridgeError(nowInactive, 'CONFLICT')).toBe(true);
    const renamed = await bridge.mappings.save({
      connectionId,
      accountKey: key('Acme Corporation'),
      companyId: '1',
    });
    expect(renamed.companyName).toBe('Acme Holding');
  });

  it('auto-map matches on the copy but saves only what the PSA still has as matched', async () => {
    const { psa, bridge, connectionId, key } = await refreshed();
    psa.data.companies[0] = { ...(psa.data.companies[0] as Company), name: 'Acme Holding' };
    psa.data.companies[1] = { ...(psa.data.companies[1] as Company), status: { id: '2', name: 'Inactive' } };
    psa.data.companies.splice(2, 1);
    const report = await bridge.mappings.autoMapAll(connectionId);
    expect(report.totals.saved).toBe(0);
    const byName = new Map(report.rows.map((row) => [row.account.name, row]));
    expect(byName.get('Acme Corporation')?.evidence.at(-1)).toMatch(/renamed the company to "Acme Holding"/);
    expect(byName.get('Globex')?.evidence.at(-1)).toMatch(/inactive in the PSA now/);
    expect(byName.get('Initech')?.evidence.at(-1)).toMatch(/no longer has this company/);
    for (const name of ['Acme Corporation', 'Globex', 'Initech']) {
      expect(byName.get(name)?.review, name).toBe(true);
      expect(await bridge.mappings.get(connectionId, key(name))).toBeNull();
    }
  });
});

describe('the mapping column kept in the process (SPEC R2)', () => {
  it('shows this bridge’s writes at once, another process’s within viewCacheMs, and reads mappings once per copy', async () => {
    const psa = createMemoryPsa({
      data: { companies: [{ id: '1', name: 'Acme', status: { id: '1', name: 'Active' } }] },
    });
    const goto = createMemoryGoto({ accounts: [{ name: 'Acme' }, { name: 'Globex' }] });
    const clock = createTestClock();
    const stores = createMemoryStores();
    let lists = 0;
    const list = stores.mappings.list.bind(stores.mappings);
    stores.mappings.list = (connectionId, call) => {
      lists += 1;
      return list(connectionId, call);
    };
    const bridge = createBridge({
      providers: [psa.provider],
      goto: goto.client(),
      stores,
      clock,
      viewCacheMs: 5_000,
    });
    const saved = await bridge.connections.testAndSave({
      providerId: 'memory',
      product: 'resolve',
      credentials: psa.credentials,
    });
    if (!saved.saved) throw new Error('not saved');
    const connectionId = saved.connection.id;
    await bridge.refresh(connectionId);
    const [acme, globex] = (await bridge.mappings.accounts(connectionId)).items.map((row) => row.account.key);
    const before = lists;
    for (let i = 0; i < 5; i += 1)
      await bridge.mappings.accounts(connectionId, { pageSize: 1, filter: 'unmapped' });
    expect(lists - before).toBe(0); // built once per copy, not per page

    await bridge.mappings.save({ connectionId, accountKey: acme ?? '', companyId: '1' });
    expect((await bridge.mappings.accounts(connectionId)).counts.mapped).toBe(1); // at once

    // Another process writes the same database (here: the store itself, not through this bridge).
    await stores.mappings.put({
      connectionId,
      accountKey: globex ?? '',
      companyId: '1',
      companyName: 'Acme',
      source: 'manual',
      mappedAt: new Date(clock.now()).toISOString(),
    });
    expect((await bridge.mappings.accounts(connectionId)).counts.mapped).toBe(1); // kept for now
    clock.advance(5_001);
    expect((await bridge.mappings.accounts(connectionId)).counts.mapped).toBe(2);
    // A new copy builds the view again at once.
    await bridge.mappings.delete(connectionId, globex ?? '');
    expect((await bridge.mappings.accounts(connectionId)).counts.mapped).toBe(1);
  });
});

describe('a vendor that never stops naming pages (SPEC R1)', () => {
  it('ends the refresh with RESPONSE_SHAPE after the same next page comes back a third time, keeping the copy', async () => {
    const store = createMemoryReadModelStore();
    let reads = 0;
    const error = await refreshScope(
      context(store),
      's',
      {
        resumable: true,
        async read() {
          reads += 1;
          return { rows: [company(1)], cursor: 'again' };
        },
      },
      'full',
    ).catch((caught: unknown) => caught);
    expect(isPsaBridgeError(error, 'RESPONSE_SHAPE')).toBe(true);
    expect(reads).toBeLessThanOrEqual(4);
    expect((await store.getState('s'))?.generation ?? 0).toBe(0); // nothing half-published
  });
});
