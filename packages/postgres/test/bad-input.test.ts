/**
 * Bad input to `@psa-bridge/postgres` gets a typed error naming what was wrong, never a raw
 * TypeError, a driver error or a hang; tenants that PostgreSQL would fold together are refused.
 */
import { isPsaBridgeError, PsaBridgeError, Secret } from '@psa-bridge/core';
import {
  createKeyRing,
  createPostgresRateLimiter,
  createPostgresStores,
  keyIdOf,
  migrate,
  resealCredentials,
} from '@psa-bridge/postgres';
import fc from 'fast-check';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, keyOf } from './support/databases.js';
import { outcomeOf } from './support/outcome.js';

let url: string;
beforeAll(async () => {
  url = await freshDatabase();
  await migrate({ connectionString: url });
});

const expectTyped = (error: unknown, code?: string) => {
  expect(error, String(error)).toBeInstanceOf(PsaBridgeError);
  if (code) expect((error as PsaBridgeError).code).toBe(code);
  expect((error as PsaBridgeError).code).not.toBe('INTERNAL');
};

describe('typed errors at every entry point (findings 4)', () => {
  it('stores: put, get, delete, append and the lease methods with undefined, null, {}, numbers and BigInts', async () => {
    const stores = createPostgresStores({ connectionString: url, tenant: 'bad-input', secretKey: keyOf(1) });
    try {
      const calls: [string, () => unknown][] = [];
      for (const value of [undefined, null, {}, 5, 10n, [undefined]]) {
        calls.push(
          [`connections.put(${String(value)})`, () => stores.connections.put(value as never)],
          [`mappings.put(${String(value)})`, () => stores.mappings.put(value as never)],
          [`weakEndUsers.put(${String(value)})`, () => stores.weakEndUsers.put(value as never)],
          [`weakEndUsers.get(${String(value)})`, () => stores.weakEndUsers.get(value as never)],
          [`weakEndUsers.delete(${String(value)})`, () => stores.weakEndUsers.delete(value as never)],
          [`journal.append(${String(value)})`, () => stores.journal.append(value as never)],
          [`journal.claimLease(${String(value)})`, () => stores.journal.claimLease(value as never)],
          [`journal.renewLease(${String(value)})`, () => stores.journal.renewLease(value as never, 1, 1)],
          [`journal.releaseLease(${String(value)})`, () => stores.journal.releaseLease(value as never)],
        );
      }
      calls.push([
        'journal.append([an entry holding a BigInt])',
        () =>
          stores.journal.append([
            { type: 'intent', runId: 'r', contactId: 10n, email: 'a@b.c', at: 'now' } as never,
          ]),
      ]);
      calls.push([
        'mappings.put(a mapping with a NUL)',
        () =>
          stores.mappings.put({
            connectionId: 'c\u0000',
            accountKey: 'a',
            companyId: '1',
            companyName: 'x',
            source: 'manual',
            mappedAt: 'now',
          }),
      ]);
      for (const [name, call] of calls) {
        const error = await outcomeOf(call);
        expect(error, name).toBeDefined();
        expectTyped(error, 'VALIDATION');
      }
    } finally {
      await stores.close();
    }
  });

  it('options: createPostgresStores, keys, reseal, migrate and the rate limiter never throw raw or hang', async () => {
    const cases: [string, () => unknown, string][] = [
      ['createPostgresStores()', () => createPostgresStores(undefined as never), 'CONFIGURATION'],
      [
        'createPostgresStores without secretKey',
        () => createPostgresStores({ connectionString: url, tenant: 't' } as never),
        'CONFIGURATION',
      ],
      [
        'createPostgresStores with a numeric secretKey',
        () => createPostgresStores({ connectionString: url, tenant: 't', secretKey: 7 } as never),
        'CONFIGURATION',
      ],
      [
        'createPostgresStores with previousKeys not a list',
        () =>
          createPostgresStores({
            connectionString: url,
            tenant: 't',
            secretKey: keyOf(1),
            previousKeys: keyOf(2),
          } as never),
        'CONFIGURATION',
      ],
      ['resealCredentials(undefined)', () => resealCredentials(undefined as never), 'CONFIGURATION'],
      ['createKeyRing(undefined)', () => createKeyRing(undefined as never), 'CONFIGURATION'],
      ['keyIdOf(undefined)', () => keyIdOf(undefined as never), 'CONFIGURATION'],
      ...[undefined, null, 5, 'sealed', [], {}, { kid: 5 }, { kid: 'k', iv: 'a', tag: 'b' }].map(
        (value): [string, () => unknown, string] => [
          `createKeyRing(k).open(${JSON.stringify(value)})`,
          () => createKeyRing(keyOf(1)).open(value as never),
          'VALIDATION',
        ],
      ),
      ...[undefined, null, 5, {}].map((value): [string, () => unknown, string] => [
        `createKeyRing(k).seal(${JSON.stringify(value)})`,
        () => createKeyRing(keyOf(1)).seal(value as never),
        'VALIDATION',
      ]),
      [
        'migrate({ maxConnections: -1 })',
        () => migrate({ connectionString: url, maxConnections: -1 }),
        'CONFIGURATION',
      ],
      [
        'migrate({ maxConnections: 0.5 })',
        () => migrate({ connectionString: url, maxConnections: 0.5 }),
        'CONFIGURATION',
      ],
    ];
    for (const [name, call, code] of cases) {
      const error = await outcomeOf(call);
      expect(error, name).toBeDefined();
      expectTyped(error, code);
    }
    const limiter = createPostgresRateLimiter({ connectionString: url });
    try {
      for (const limit of [0, Number.NaN, -1, 1.5, undefined]) {
        expectTyped(await outcomeOf(() => limiter.hold('k', limit as never)), 'VALIDATION');
      }
      expectTyped(await outcomeOf(() => limiter.take('', undefined)), 'VALIDATION');
      expectTyped(await outcomeOf(() => limiter.take('k', { requests: 0, perMs: 1 })), 'VALIDATION');
      expectTyped(await outcomeOf(() => limiter.pause('k', Number.NaN)), 'VALIDATION');
    } finally {
      await limiter.close();
    }
  });

  it('a fuzz of every store method’s arguments: only psa-bridge errors, never a hang', async () => {
    const stores = createPostgresStores({ connectionString: url, tenant: 'fuzz', secretKey: keyOf(3) });
    const methods: [string, (...args: unknown[]) => unknown][] = [];
    for (const port of ['connections', 'mappings', 'journal', 'weakEndUsers'] as const) {
      for (const [name, fn] of Object.entries(stores[port]))
        if (typeof fn === 'function')
          methods.push([`${port}.${name}`, fn as (...args: unknown[]) => unknown]);
    }
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...methods),
          fc.array(fc.anything({ withBigInt: true, withNullPrototype: true }), { maxLength: 4 }),
          async ([, method], args) => {
            const error = await outcomeOf(async () => {
              const result = method(...args);
              if (result && typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
                for await (const _ of result as AsyncIterable<unknown>) break;
              } else await result;
            });
            if (error !== undefined)
              expect(isPsaBridgeError(error) && error.code !== 'INTERNAL', String(error)).toBe(true);
          },
        ),
        { numRuns: 300, seed: 42 },
      );
    } finally {
      await stores.close();
    }
  });
});

describe('tenants that never collide (finding 5)', () => {
  it('refuses tenant ids PostgreSQL would store as another (lone surrogates) and with NUL', () => {
    for (const tenant of ['x\uD800', 'x\uDBFF', 'x\uDC00y', 'x\u0000']) {
      expect(
        () => createPostgresStores({ connectionString: url, tenant, secretKey: keyOf(1) }),
        JSON.stringify(tenant),
      ).toThrow(expect.objectContaining({ code: 'CONFIGURATION', details: { field: 'tenant' } }));
    }
  });

  it('"x\\uFFFD" is a tenant of its own: it reads nothing of "x"', async () => {
    const replaced = createPostgresStores({ connectionString: url, tenant: 'x\uFFFD', secretKey: keyOf(1) });
    const plain = createPostgresStores({ connectionString: url, tenant: 'x', secretKey: keyOf(1) });
    try {
      await plain.mappings.put({
        connectionId: 'c',
        accountKey: 'a',
        companyId: '1',
        companyName: 'X',
        source: 'manual',
        mappedAt: 'now',
      });
      expect(await replaced.mappings.get('c', 'a')).toBeNull();
    } finally {
      await replaced.close();
      await plain.close();
    }
  });
});

describe('damage stays local (finding 9)', () => {
  it('one unreadable credentials row is reported by id and left out; the tenant’s other connections list', async () => {
    const unreadable: { id: string }[] = [];
    const stores = createPostgresStores({
      connectionString: url,
      tenant: 'damaged',
      secretKey: keyOf(4),
      onUnreadableRow: (event) => unreadable.push(event),
    });
    try {
      const record = (id: string) => ({
        id,
        providerId: 'connectwise',
        product: 'resolve',
        label: id,
        createdAt: `2026-01-0${id.length}T00:00:00.000Z`,
        updatedAt: '2026-01-01T00:00:00.000Z',
        credentials: new Secret({ site: 'x' }),
      });
      await stores.connections.put(record('good'));
      await stores.connections.put(record('broken'));
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      await pool.query(
        `UPDATE psa_bridge_connections SET credentials = jsonb_set(credentials, '{data}', '"AAAA"') WHERE tenant = 'damaged' AND id = 'broken'`,
      );
      await pool.end();
      expect((await stores.connections.list()).map((connection) => connection.id)).toEqual(['good']);
      expect(unreadable).toEqual([expect.objectContaining({ store: 'connections', id: 'broken' })]);
      await expect(stores.connections.get('broken')).rejects.toMatchObject({ code: 'STORAGE' });
    } finally {
      await stores.close();
    }
  });
});

describe('identifiers never stored in plain text (finding 7)', () => {
  it('rate-limit keys are hashed in the table', async () => {
    const limiter = createPostgresRateLimiter({ connectionString: url });
    const key = 'autotask:api-user@msp.example';
    try {
      await limiter.take(key, { requests: 10, perMs: 1000 });
      await limiter.pause(key, 10);
    } finally {
      await limiter.close();
    }
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const rows = (await pool.query<{ key: string }>('SELECT key FROM psa_bridge_rate_limits')).rows;
    await pool.end();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.key).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(row.key).not.toContain('msp.example');
    }
  });
});
