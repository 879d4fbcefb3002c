import assert from 'node:assert/strict';
import type { ReadModelRow, ReadModelStateInput, ReadModelStore } from '../../read-model/read-model-store.js';
import type { StoreConformanceSession } from './store-target.js';
import type { ConformanceTestApi } from './test-api.js';

/** How the read-model tests reach a target (the store suite passes its own). */
export interface ReadModelConformanceHooks {
  /** Runs `body` with a fresh session. */
  readonly inSession: (body: (session: StoreConformanceSession) => Promise<void>) => () => Promise<void>;
  /** Rows listed page by page. */
  readonly rows: number;
  /** The target keeps tenants apart. */
  readonly tenants: boolean;
  /** Several processes may write one tenant's stores at once (a database). */
  readonly concurrentProcesses: boolean;
}

const AT = '2026-01-01T00:00:00.000Z';

const state = (generation: number, extras: Record<string, unknown> = {}): ReadModelStateInput => ({
  generation,
  refreshedAt: generation === 0 ? null : AT,
  fullAt: null,
  changedSince: null,
  staging: null,
  failure: null,
  extras,
});

const row = (
  id: string,
  position: number,
  record: unknown = { id, name: `Company ${id}` },
): ReadModelRow => ({
  id,
  position,
  record,
});

const readModelOf = (session: StoreConformanceSession): ReadModelStore => {
  assert.ok(session.stores.readModel, 'the stores have no readModel (set readModel: false on the target)');
  return session.stores.readModel;
};

/** Every row of a generation, page by page, checking the pages never overlap. */
async function everyRow(store: ReadModelStore, scope: string, generation: number, limit: number) {
  const out: ReadModelRow[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 100_000; guard += 1) {
    const page = await store.listRows(scope, generation, { limit, ...(after ? { after } : {}) });
    assert.ok(page.items.length <= limit, 'a page held more rows than asked');
    out.push(...page.items);
    if (page.next === undefined) return out;
    assert.notEqual(page.next, after, 'a page cursor did not move');
    after = page.next;
  }
  assert.fail('paging never ended');
}

/**
 * The read-model part of the store suite (SPEC R1): state by compare-and-set, rows by generation
 * in the vendor's order, whole lists deleted by prefix, nothing seen by another tenant.
 */
export function declareReadModelConformance(
  test: ConformanceTestApi,
  hooks: ReadModelConformanceHooks,
): void {
  const { it } = test;
  const { inSession } = hooks;

  it(
    'read model: a state is written by compare-and-set on its version',
    inSession(async (session) => {
      const store = readModelOf(session);
      assert.equal(await store.getState('companies:c1:'), null);
      const first = await store.setState(
        'companies:c1:',
        0,
        state(0, { statuses: [{ id: '1', name: 'Active' }] }),
      );
      assert.equal(first?.version, 1);
      assert.equal(await store.setState('companies:c1:', 0, state(1)), null, 'a second first write won');
      assert.equal(await store.setState('companies:c1:', 5, state(1)), null, 'a stale version won');
      const second = await store.setState('companies:c1:', 1, state(2));
      assert.equal(second?.version, 2);
      const read = await store.getState('companies:c1:');
      assert.deepEqual(read, { ...state(2), version: 2 });
      assert.equal(await store.getState('companies:c2:'), null, 'one scope read another’s state');
    }),
  );

  it(
    'read model: of writers racing on one version, exactly one wins',
    inSession(async (session) => {
      const store = readModelOf(session);
      const writers = [store, store, store, store];
      if (hooks.concurrentProcesses && session.secondProcess?.readModel)
        writers.push(session.secondProcess.readModel, session.secondProcess.readModel);
      const results = await Promise.all(
        writers.map((writer, n) => writer.setState('accounts', 0, state(n + 1))),
      );
      assert.equal(results.filter((result) => result !== null).length, 1, 'not exactly one writer won');
      const winner = results.find((result) => result !== null);
      assert.deepEqual(await store.getState('accounts'), winner);
    }),
  );

  it(
    'read model: rows are kept by id, per generation, listed in position order then id',
    inSession(async (session) => {
      const store = readModelOf(session);
      const scope = 'companies:c1:';
      await store.putRows(scope, 1, [row('b', 2), row('a', 2), row('c', 1), row('d', 3)]);
      await store.putRows(scope, 1, [
        row('d', 0, { id: 'd', name: 'Renamed 👩‍💻 "quoted" \u0000 \\ \u2028' }),
      ]);
      await store.putRows(scope, 2, [row('a', 1, { only: 'generation 2' })]);
      await store.putRows(scope, 1, []);
      const rows = await everyRow(store, scope, 1, 2);
      assert.deepEqual(
        rows.map((r) => r.id),
        ['d', 'c', 'a', 'b'],
      );
      assert.deepEqual(rows[0]?.record, { id: 'd', name: 'Renamed 👩‍💻 "quoted" \u0000 \\ \u2028' });
      assert.deepEqual(
        (await everyRow(store, scope, 2, 10)).map((r) => r.record),
        [{ only: 'generation 2' }],
      );
      await store.deleteRows(scope, 1, ['c', 'absent']);
      assert.deepEqual(
        (await everyRow(store, scope, 1, 10)).map((r) => r.id),
        ['d', 'a', 'b'],
      );
      assert.deepEqual(
        (await everyRow(store, scope, 2, 10)).length,
        1,
        'a delete reached another generation',
      );
      assert.deepEqual((await store.listRows(scope, 7, { limit: 10 })).items, []);
      const modified: ReadModelRow = { ...row('m', 9), modifiedAt: AT };
      await store.putRows(scope, 1, [modified]);
      assert.deepEqual((await everyRow(store, scope, 1, 10)).at(-1), modified);
    }),
  );

  it(
    `read model: ${hooks.rows} rows page without a gap or a repeat, whatever the page size`,
    inSession(async (session) => {
      const store = readModelOf(session);
      const scope = 'accounts';
      const rows = Array.from({ length: hooks.rows }, (_, n) => row(`k${n}`, Math.floor(n / 3)));
      for (let start = 0; start < rows.length; start += 400)
        await store.putRows(scope, 1, rows.slice(start, start + 400));
      for (const limit of [1, 7, hooks.rows]) {
        const listed = await everyRow(store, scope, 1, limit);
        assert.equal(listed.length, rows.length, `pages of ${limit} lost or repeated rows`);
        assert.equal(new Set(listed.map((r) => r.id)).size, rows.length);
        for (let n = 1; n < listed.length; n += 1) {
          const [a, b] = [listed[n - 1] as ReadModelRow, listed[n] as ReadModelRow];
          assert.ok(a.position <= b.position, 'rows out of position order');
        }
      }
    }),
  );

  it(
    'read model: dropping generations keeps the ones named; deleting by prefix takes whole lists',
    inSession(async (session) => {
      const store = readModelOf(session);
      for (const scope of [
        'contacts:c1:10',
        'contacts:c1:11',
        'contacts:c10:1',
        'contacts:c1_:2',
        'companies:c1:',
      ]) {
        await store.setState(scope, 0, state(1));
        await store.putRows(scope, 1, [row('x', 0)]);
        await store.putRows(scope, 2, [row('y', 0)]);
      }
      await store.dropGenerations('companies:c1:', [2]);
      assert.deepEqual((await store.listRows('companies:c1:', 1, { limit: 5 })).items, []);
      assert.equal((await store.listRows('companies:c1:', 2, { limit: 5 })).items.length, 1);
      assert.equal(
        (await store.listRows('contacts:c1:10', 1, { limit: 5 })).items.length,
        1,
        'another list lost rows',
      );
      assert.equal(await store.deleteScopes('contacts:c1:'), 2, 'a prefix took more or fewer lists');
      assert.equal(await store.getState('contacts:c1:10'), null);
      assert.deepEqual((await store.listRows('contacts:c1:11', 2, { limit: 5 })).items, []);
      assert.ok(await store.getState('contacts:c10:1'), 'a longer name that shares the prefix went');
      assert.ok(await store.getState('contacts:c1_:2'), 'a prefix wildcard matched');
      assert.equal((await store.listRows('contacts:c1_:2', 2, { limit: 5 })).items.length, 1);
      assert.equal(await store.deleteScopes('nothing:'), 0);
    }),
  );

  it(
    'read model: a second process reads what the first wrote',
    inSession(async (session) => {
      if (!session.secondProcess) return; // a target without processes: nothing shared to read
      const store = readModelOf(session);
      await store.setState('accounts', 0, state(1));
      await store.putRows('accounts', 1, [row('k1', 0), row('k2', 1)]);
      const other = session.secondProcess.readModel;
      assert.ok(other, 'the second process has no readModel');
      assert.deepEqual(await other.getState('accounts'), await store.getState('accounts'));
      assert.deepEqual(
        (await everyRow(other, 'accounts', 1, 1)).map((r) => r.id),
        ['k1', 'k2'],
      );
    }),
  );

  if (!hooks.tenants) return;
  it(
    'read model: no tenant reads, writes or deletes another tenant’s lists',
    inSession(async ({ stores, otherTenant }) => {
      assert.ok(stores.readModel && otherTenant?.readModel, 'a tenant has no readModel');
      const mine = stores.readModel;
      const theirs = otherTenant.readModel;
      await mine.setState('companies:c1:', 0, state(1));
      await mine.putRows('companies:c1:', 1, [row('1', 0)]);
      assert.equal(await theirs.getState('companies:c1:'), null);
      assert.deepEqual((await theirs.listRows('companies:c1:', 1, { limit: 10 })).items, []);
      assert.equal(
        (await theirs.setState('companies:c1:', 0, state(9)))?.version,
        1,
        'its first write lost to mine',
      );
      assert.equal(await theirs.deleteScopes(''), 1, 'it deleted more than its own list');
      await theirs.deleteRows('companies:c1:', 1, ['1']);
      await theirs.dropGenerations('companies:c1:', []);
      assert.equal(
        (await mine.getState('companies:c1:'))?.generation,
        1,
        "another tenant's writes reached mine",
      );
      assert.equal((await mine.listRows('companies:c1:', 1, { limit: 10 })).items.length, 1);
    }),
  );
}
