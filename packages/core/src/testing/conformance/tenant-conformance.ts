import assert from 'node:assert/strict';
import { Secret } from '../../secrets/secret.js';
import { collect } from './assertions.js';
import { connection, endUser, mapping, outcome, SECRET } from './store-fixtures.js';
import type { StoreConformanceSession } from './store-target.js';
import type { ConformanceTestApi } from './test-api.js';

/** The store suite's tenant test: no store sees, changes or blocks another tenant's rows. */
export function declareTenantConformance(
  test: ConformanceTestApi,
  inSession: (body: (session: StoreConformanceSession) => Promise<void>) => () => Promise<void>,
): void {
  const { it } = test;
  it(
    'tenants: no store sees another tenant’s rows',
    inSession(async ({ stores, otherTenant }) => {
      assert.ok(otherTenant, 'a target with tenants gave no otherTenant stores');
      await stores.connections.put(connection('c1'));
      await stores.mappings.put(mapping('c1', 'a1'));
      await stores.weakEndUsers.put(endUser('x@example.org'));
      await stores.journal.append([outcome('r1', 'k1')]);
      await stores.journal.claimLease({ runId: 'r1', owner: 'A', now: 1, ttlMs: 60_000 });
      await stores.gotoTokens?.compareAndSet(0, { refreshToken: new Secret(SECRET) });
      assert.equal(await otherTenant.gotoTokens?.get(), null);
      assert.equal(await otherTenant.gotoTokens?.delete(), false);
      assert.equal(await otherTenant.connections.get('c1'), null);
      assert.deepEqual(await otherTenant.connections.list(), []);
      assert.equal(await otherTenant.connections.delete('c1'), false);
      assert.equal(await otherTenant.mappings.get('c1', 'a1'), null);
      assert.deepEqual(await otherTenant.mappings.list('c1'), []);
      assert.deepEqual((await otherTenant.mappings.listPage('c1', { limit: 10 })).items, []);
      assert.equal(await otherTenant.mappings.deleteByConnection('c1'), 0);
      assert.equal(await otherTenant.weakEndUsers.get('x@example.org'), null);
      assert.deepEqual(await otherTenant.weakEndUsers.list(), []);
      assert.deepEqual(await collect(otherTenant.journal.read('r1')), []);
      assert.ok(
        await otherTenant.journal.claimLease({ runId: 'r1', owner: 'B', now: 2, ttlMs: 60_000 }),
        "a lease of another tenant's run blocked this one",
      );
      await otherTenant.journal.append([outcome('r1', 'k1')]); // the same ids, another tenant
      assert.equal((await collect(stores.journal.read('r1'))).length, 1);
      assert.ok(await stores.connections.get('c1'), "the other tenant's writes touched this tenant");
    }),
  );
}
