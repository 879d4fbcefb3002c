import assert from 'node:assert/strict';
import type { JournalEntry } from '../../contracts/stores.js';
import { isPsaBridgeError } from '../../errors/guards.js';
import { Secret } from '../../secrets/secret.js';
import { collect } from './assertions.js';
import { declareReadModelConformance } from './read-model-conformance.js';
import { AT, allPages, connection, endUser, mapping, outcome, SECRET } from './store-fixtures.js';
import type {
  StoreConformanceOptions,
  StoreConformanceSession,
  StoreConformanceTarget,
} from './store-target.js';
import { declareTenantConformance } from './tenant-conformance.js';
import type { ConformanceTestApi } from './test-api.js';

export type {
  StoreConformanceOptions,
  StoreConformanceSession,
  StoreConformanceTarget,
} from './store-target.js';

/**
 * Declares the tests every implementation of the store ports must pass, like unstorage's shared
 * driver suite: the memory and JSON-file stores, `@psa-bridge/postgres`, and a third party's.
 * Targets with `tenants: true` also get the tenant-isolation test.
 * Connections keep their credentials as a `Secret`; mappings and weak end users are replaced by
 * key and listed page by page in a stable order; the journal reads back in append order per run
 * and a second outcome for a contact in one run is refused with `CONFLICT`, the whole append
 * with it; leases exclude a second owner until they
 * expire. With `tenants: true`, no store sees another tenant's rows; with `secondProcess`, leases
 * hold across processes.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryStores } from '@psa-bridge/core';
 * import { runStoreConformance } from '@psa-bridge/core/testing';
 * runStoreConformance({ name: 'memory', setup: async () => ({ stores: createMemoryStores() }) }, { describe, it });
 * ```
 */
export function runStoreConformance(
  target: StoreConformanceTarget,
  test: ConformanceTestApi,
  options: StoreConformanceOptions = {},
): void {
  const rows = options.rows ?? 250;
  const inSession =
    (body: (session: StoreConformanceSession) => Promise<void>) => async (): Promise<void> => {
      const session = await target.setup();
      try {
        await body(session);
      } finally {
        await session.close?.();
      }
    };
  const { describe, it } = test;

  describe(`store conformance: ${target.name}`, () => {
    it(
      'connections: put, get, list, replace and delete; credentials stay a Secret',
      inSession(async ({ stores }) => {
        const { connections } = stores;
        assert.equal(await connections.get('c1'), null);
        await connections.put(connection('c1'));
        await connections.put(connection('c2'));
        await connections.put(connection('c1', 'Renamed'));
        const got = await connections.get('c1');
        assert.ok(got, 'a stored connection was not found');
        assert.equal(got.label, 'Renamed');
        assert.ok(got.credentials instanceof Secret, 'credentials came back without their Secret wrapper');
        assert.deepEqual(got.credentials.reveal(), {
          site: 'na.myconnectwise.net',
          privateKey: SECRET,
          nested: { n: 1 },
        });
        assert.ok(!JSON.stringify(got).includes(SECRET), 'a credential appeared in JSON');
        assert.deepEqual((await connections.list()).map((c) => c.id).sort(), ['c1', 'c2']);
        assert.equal(await connections.delete('c1'), true);
        assert.equal(await connections.delete('c1'), false);
        assert.equal(await connections.get('c1'), null);
      }),
    );

    it(
      'mappings: one per account and connection, replaced by key, deleted by connection',
      inSession(async ({ stores }) => {
        const { mappings } = stores;
        await mappings.put(mapping('c1', 'a1', '1'));
        await mappings.put(mapping('c1', 'a1', '2'));
        await mappings.put(mapping('c1', 'a2'));
        await mappings.put(mapping('c2', 'a1'));
        assert.equal((await mappings.get('c1', 'a1'))?.companyId, '2');
        assert.deepEqual(await mappings.get('c1', 'a1'), mapping('c1', 'a1', '2'));
        assert.equal(await mappings.get('c1', 'nobody'), null);
        assert.deepEqual((await mappings.list('c1')).map((m) => m.accountKey).sort(), ['a1', 'a2']);
        assert.equal(await mappings.delete('c1', 'a2'), true);
        assert.equal(await mappings.delete('c1', 'a2'), false);
        assert.equal(await mappings.deleteByConnection('c1'), 1);
        assert.deepEqual(await mappings.list('c1'), []);
        assert.equal((await mappings.list('c2')).length, 1);
      }),
    );

    it(
      `mappings and weak end users list page by page in a stable order (${rows} rows)`,
      inSession(async ({ stores }) => {
        const keys = Array.from(
          { length: rows },
          (_, i) => `acct-${String((i * 7919) % rows).padStart(6, '0')}`,
        );
        for (const key of keys) await stores.mappings.put(mapping('c1', key));
        await stores.mappings.put(mapping('c2', 'other-connection'));
        const listed = await allPages((after) =>
          stores.mappings.listPage('c1', { limit: 37, ...(after === undefined ? {} : { after }) }),
        );
        assert.deepEqual(
          listed.map((m) => m.accountKey),
          [...keys].sort(),
        );
        for (let i = 0; i < Math.min(rows, 60); i += 1)
          await stores.weakEndUsers.put(endUser(`User${i}@Example.org`));
        const users = await allPages((after) =>
          stores.weakEndUsers.listPage({ limit: 7, ...(after === undefined ? {} : { after }) }),
        );
        assert.equal(users.length, Math.min(rows, 60));
        assert.equal(new Set(users.map((user) => user.email)).size, users.length, 'a page repeated a user');
        const empty = await stores.mappings.listPage('nobody', { limit: 10 });
        assert.deepEqual(empty.items, []);
        assert.equal(empty.next, undefined);
        for (const limit of [0, -1, 1.5, 10_001]) {
          await assert.rejects(stores.mappings.listPage('c1', { limit }), (error) => {
            assert.ok(isPsaBridgeError(error) && error.code === 'VALIDATION', `limit ${limit} was accepted`);
            return true;
          });
        }
      }),
    );

    it(
      'weak end users: found by email in any letter case, replaced, deleted',
      inSession(async ({ stores }) => {
        const { weakEndUsers } = stores;
        await weakEndUsers.put(endUser('Claire.Johnson@MyOrg.org'));
        await weakEndUsers.put(endUser('claire.johnson@myorg.org', 'Clara'));
        assert.equal((await weakEndUsers.get('CLAIRE.JOHNSON@myorg.org'))?.firstName, 'Clara');
        assert.equal((await weakEndUsers.list()).length, 1);
        assert.equal(await weakEndUsers.delete('claire.johnson@MYORG.org'), true);
        assert.equal(await weakEndUsers.get('claire.johnson@myorg.org'), null);
        assert.equal(await weakEndUsers.delete('claire.johnson@myorg.org'), false);
      }),
    );

    it(
      'journal: reads a run back in append order, and keeps runs apart',
      inSession(async ({ stores }) => {
        const { journal } = stores;
        const entries: JournalEntry[] = [
          { type: 'run-started', runId: 'r1', at: AT, fingerprint: 'fp', run: 1 },
          { type: 'intent', runId: 'r1', at: AT, contactId: 'k1', email: 'k1@acme.example', run: 1 },
          outcome('r1', 'k1'),
        ];
        await journal.append(entries.slice(0, 2));
        await journal.append([outcome('r2', 'k1')]);
        await journal.append(entries.slice(2));
        await journal.append([]);
        assert.deepEqual(await collect(journal.read('r1')), entries);
        assert.deepEqual(await collect(journal.read('r2')), [outcome('r2', 'k1')]);
        assert.deepEqual(await collect(journal.read('nothing')), []);
        const many = Array.from({ length: rows }, (_, i) => outcome('r3', `k${i}`));
        await journal.append(many);
        assert.deepEqual(
          (await collect(journal.read('r3'))).map((entry) =>
            entry.type === 'outcome' ? entry.contactId : '',
          ),
          many.map((entry) => (entry.type === 'outcome' ? entry.contactId : '')),
        );
      }),
    );

    it(
      'journal: an outcome per contact and run is kept once; an append is all or nothing',
      inSession(async ({ stores }) => {
        const { journal } = stores;
        await journal.append([outcome('r1', 'k1', 1)]);
        await journal.append([outcome('r1', 'k1', 2)]); // a later run may decide again
        await assert.rejects(journal.append([outcome('r1', 'k2', 1), outcome('r1', 'k1', 1)]), (error) => {
          assert.ok(
            isPsaBridgeError(error) && error.code === 'CONFLICT',
            `expected CONFLICT, got ${String(error)}`,
          );
          return true;
        });
        await assert.rejects(journal.append([outcome('r1', 'k3', 1), outcome('r1', 'k3', 1)]), (error) => {
          assert.ok(
            isPsaBridgeError(error) && error.code === 'CONFLICT',
            'a batch with the same outcome twice was kept',
          );
          return true;
        });
        const kept = (await collect(journal.read('r1'))).filter((entry) => entry.type === 'outcome');
        const pairs = kept.map((entry) =>
          entry.type === 'outcome' ? `${entry.run}:${entry.contactId}` : '',
        );
        assert.deepEqual(pairs, ['1:k1', '2:k1'], 'a refused append left part of itself behind');
      }),
    );

    it(
      'leases: one owner at a time, renewed by the owner only, free after expiry or release',
      inSession(async ({ stores, secondProcess }) => {
        const a = stores.journal;
        const b = (secondProcess ?? stores).journal;
        const now = 1_000_000;
        const first = await a.claimLease({ runId: 'r1', owner: 'A', now, ttlMs: 1000 });
        assert.ok(first, 'a free lease was refused');
        assert.equal(await b.claimLease({ runId: 'r1', owner: 'B', now: now + 500, ttlMs: 1000 }), null);
        assert.ok(
          await b.claimLease({ runId: 'r2', owner: 'B', now, ttlMs: 1000 }),
          'another run was blocked',
        );
        assert.equal(await b.renewLease({ ...first, owner: 'B' }, now + 600, 1000), null);
        const renewed = await a.renewLease(first, now + 900, 1000);
        assert.equal(renewed?.expiresAt, now + 1900);
        assert.equal(await b.claimLease({ runId: 'r1', owner: 'B', now: now + 1500, ttlMs: 1000 }), null);
        const taken = await b.claimLease({ runId: 'r1', owner: 'B', now: now + 1901, ttlMs: 1000 });
        assert.equal(taken?.owner, 'B', 'an expired lease was not handed over');
        assert.equal(await a.renewLease(first, now + 1902, 1000), null, 'a lost lease was renewed');
        await a.releaseLease(first); // not the owner any more: no effect
        assert.equal(await a.claimLease({ runId: 'r1', owner: 'A', now: now + 1903, ttlMs: 1000 }), null);
        if (taken) await b.releaseLease(taken);
        assert.ok(await a.claimLease({ runId: 'r1', owner: 'A', now: now + 1904, ttlMs: 1000 }));
      }),
    );

    it(
      'leases: fencing tokens grow with every claim, and a fenced append writes only under its lease',
      inSession(async ({ stores, secondProcess }) => {
        const a = stores.journal;
        const b = (secondProcess ?? stores).journal;
        const now = 2_000_000;
        const intent = (contactId: string) =>
          ({
            type: 'intent',
            runId: 'fenced',
            contactId,
            email: `${contactId}@x.example`,
            at: 'now',
            run: 1,
          }) as const;
        const first = await a.claimLease({ runId: 'fenced', owner: 'A', now, ttlMs: 1000 });
        assert.ok(first, 'a free lease was refused');
        assert.ok(Number.isFinite(first.generation), 'a lease has no generation');
        await a.append([intent('c1')], { fence: { lease: first, validUntil: now + 500 } });
        await assert.rejects(
          a.append([intent('c2')], { fence: { lease: first, validUntil: now + 1500 } }),
          (error: unknown) => (error as { code?: string }).code === 'CONFLICT',
          'an append was written under a lease that lapses before its margin',
        );
        const taken = await b.claimLease({ runId: 'fenced', owner: 'B', now: now + 1001, ttlMs: 1000 });
        assert.ok(taken && taken.generation > first.generation, 'a takeover did not raise the generation');
        await assert.rejects(
          a.append([intent('c3')], { fence: { lease: first, validUntil: now } }),
          (error: unknown) => (error as { code?: string }).code === 'CONFLICT',
          'a runner whose lease was taken over could still append',
        );
        await b.append([intent('c4')], { fence: { lease: taken, validUntil: now + 1500 } });
        await b.releaseLease(taken);
        const again = await a.claimLease({ runId: 'fenced', owner: 'A', now: now + 1100, ttlMs: 1000 });
        assert.ok(
          again && again.generation > taken.generation,
          'a claim after a release reused a generation',
        );
        const written = (await collect(a.read('fenced'))).map((entry) =>
          entry.type === 'intent' ? entry.contactId : entry.type,
        );
        assert.deepEqual(written, ['c1', 'c4'], 'a refused fenced append left entries behind');
      }),
    );

    it(
      'leases: of many claims at once, exactly one wins',
      inSession(async ({ stores, secondProcess }) => {
        const journals = [stores.journal, (secondProcess ?? stores).journal];
        const claims = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            (journals[i % 2] ?? stores.journal).claimLease({
              runId: 'race',
              owner: `W${i}`,
              now: 5000,
              ttlMs: 60_000,
            }),
          ),
        );
        assert.equal(claims.filter((claim) => claim !== null).length, 1);
      }),
    );

    it(
      'GoTo tokens: compare-and-set on the generation, one winner of many; tokens stay Secrets',
      inSession(async ({ stores }) => {
        const tokens = stores.gotoTokens;
        assert.ok(tokens, 'these stores hold no GoTo tokens (Stores.gotoTokens)');
        assert.equal(await tokens.get(), null);
        const first = await tokens.compareAndSet(0, {
          refreshToken: new Secret(`${SECRET}-refresh`),
          accessToken: new Secret(`${SECRET}-access`),
          expiresAt: 1_000,
          scope: 'identity:',
          principal: 'admin@msp.example',
        });
        assert.equal(first?.generation, 1);
        assert.equal(
          await tokens.compareAndSet(0, { refreshToken: new Secret('other') }),
          null,
          'a write that read nothing overwrote stored tokens',
        );
        const racers = await Promise.all(
          [1, 2, 3, 4].map((n) => tokens.compareAndSet(1, { refreshToken: new Secret(`rotated-${n}`) })),
        );
        assert.equal(racers.filter((won) => won !== null).length, 1, 'not exactly one of four writers won');
        const got = await tokens.get();
        assert.ok(got, 'the tokens were not found after writing');
        assert.equal(got.generation, 2);
        assert.ok(got.refreshToken instanceof Secret, 'the refresh token came back without its Secret');
        assert.match(got.refreshToken.reveal(), /^rotated-[1-4]$/);
        assert.equal(got.accessToken, undefined);
        assert.ok(!JSON.stringify(await tokens.get()).includes(SECRET), 'a token appeared in JSON');
        const marked = await tokens.compareAndSet(2, { refreshToken: got.refreshToken, needsConsent: true });
        assert.equal(marked?.needsConsent, true);
        assert.equal((await tokens.get())?.needsConsent, true);
        assert.equal(await tokens.delete(), true);
        assert.equal(await tokens.delete(), false);
        assert.equal(await tokens.get(), null);
        assert.equal((await tokens.compareAndSet(0, { refreshToken: new Secret('again') }))?.generation, 1);
      }),
    );

    if (target.readModel !== false) {
      declareReadModelConformance(test, {
        inSession,
        rows,
        tenants: target.tenants === true,
        concurrentProcesses: target.concurrentProcesses === true,
      });
    }

    if (target.tenants) declareTenantConformance(test, inSession);
  });
}
