import { createPostgresStores, MIGRATIONS, migrate, SCHEMA_VERSION } from '@psa-bridge/postgres';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase, keyOf } from './support/databases.js';

describe('migrate()', () => {
  it('creates the schema once, and does nothing the second time', async () => {
    const url = await freshDatabase();
    expect(await migrate({ connectionString: url })).toEqual({
      from: 0,
      to: SCHEMA_VERSION,
      applied: MIGRATIONS.map((m) => m.version),
    });
    expect(await migrate({ connectionString: url })).toEqual({
      from: SCHEMA_VERSION,
      to: SCHEMA_VERSION,
      applied: [],
    });
  });

  it('is safe when many processes run it at once: one applies, the others wait and find it done', async () => {
    const url = await freshDatabase();
    const results = await Promise.all(Array.from({ length: 6 }, () => migrate({ connectionString: url })));
    expect(results.filter((result) => result.applied.length > 0)).toHaveLength(1);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query('SELECT version FROM psa_bridge_schema_migrations');
    await client.end();
    expect(rows.rows).toHaveLength(MIGRATIONS.length);
  });

  it('uses an app pool without ending it', async () => {
    const url = await freshDatabase();
    const pool = new pg.Pool({ connectionString: url });
    await migrate({ pool });
    expect((await pool.query('SELECT 1 AS one')).rows[0]).toEqual({ one: 1 });
    await pool.end();
  });

  it('refuses options that name no database, without touching one', async () => {
    await expect(migrate({} as { connectionString: string })).rejects.toMatchObject({
      code: 'CONFIGURATION',
      message: expect.stringMatching(/connectionString.*pool/),
    });
  });
});

describe('a missing or wrong schema gives an error naming what to run', () => {
  it('no tables: CONFIGURATION naming migrate(), from every store', async () => {
    const url = await freshDatabase();
    const stores = createPostgresStores({ connectionString: url, tenant: 'p1', secretKey: keyOf(1) });
    try {
      for (const call of [
        () => stores.connections.list(),
        () => stores.mappings.get('c', 'a'),
        () => stores.weakEndUsers.list(),
        () => stores.journal.append([{ type: 'run-finished', runId: 'r', at: '2026-01-01T00:00:00.000Z' }]),
      ]) {
        await expect(call()).rejects.toMatchObject({
          code: 'CONFIGURATION',
          message: expect.stringMatching(/migrate\(/),
        });
      }
    } finally {
      await stores.close();
    }
  });

  it('a schema newer than the package: CONFIGURATION asking for an upgrade', async () => {
    const url = await freshDatabase();
    await migrate({ connectionString: url });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      "INSERT INTO psa_bridge_schema_migrations (version, name) VALUES (999, 'from the future')",
    );
    await client.end();
    const stores = createPostgresStores({ connectionString: url, tenant: 'p1', secretKey: keyOf(1) });
    await expect(stores.connections.list()).rejects.toMatchObject({
      code: 'CONFIGURATION',
      message: expect.stringMatching(/version 999.*upgrade @psa-bridge\/postgres/),
    });
    await stores.close();
  });

  it('a table dropped after migrating (a damaged schema): CONFIGURATION naming migrate()', async () => {
    const url = await freshDatabase();
    await migrate({ connectionString: url });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('DROP TABLE psa_bridge_mappings');
    await client.end();
    const stores = createPostgresStores({ connectionString: url, tenant: 'p1', secretKey: keyOf(1) });
    await expect(stores.mappings.list('c')).rejects.toMatchObject({
      code: 'CONFIGURATION',
      message: expect.stringMatching(/tables are missing or out of date.*migrate\(/),
    });
    expect(await stores.connections.list()).toEqual([]);
    await stores.close();
  });

  it('an unreachable server: STORAGE, and the password is nowhere in the error', async () => {
    const stores = createPostgresStores({
      connectionString: 'postgres://app:pw-sentinel-8812@127.0.0.1:1/none',
      tenant: 'p1',
      secretKey: keyOf(1),
    });
    const error = await stores.connections.list().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORAGE' });
    expect(JSON.stringify(error)).not.toContain('pw-sentinel-8812');
    expect(String((error as Error).stack)).not.toContain('pw-sentinel-8812');
    await stores.close();
  });

  it('refuses a bad tenant or key with CONFIGURATION naming the option', () => {
    expect(() =>
      createPostgresStores({ connectionString: 'postgres://x@127.0.0.1/x', tenant: '', secretKey: keyOf(1) }),
    ).toThrow(/tenant must be/);
    expect(() =>
      createPostgresStores({ connectionString: 'postgres://x@127.0.0.1/x', tenant: 'p', secretKey: 'short' }),
    ).toThrow(/32 bytes/);
  });
});
