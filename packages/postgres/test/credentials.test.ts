import { Secret } from '@psa-bridge/core';
import type { ConnectionRecord } from '@psa-bridge/core/adapter';
import { createPostgresStores, keyIdOf, migrate, resealCredentials } from '@psa-bridge/postgres';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, keyOf } from './support/databases.js';

const PRIVATE_KEY = 'cw-private-key-sentinel-5d41';

const record = (id: string): ConnectionRecord => ({
  id,
  providerId: 'connectwise',
  product: 'resolve',
  label: id,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  credentials: new Secret({ site: 'na.myconnectwise.net', privateKey: PRIVATE_KEY }),
});

let url: string;
beforeAll(async () => {
  url = await freshDatabase();
  await migrate({ connectionString: url });
});

async function rawRows(): Promise<{ tenant: string; id: string; key_id: string; credentials: unknown }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (
      await client.query(
        'SELECT tenant, id, key_id, credentials FROM psa_bridge_connections ORDER BY tenant, id',
      )
    ).rows;
  } finally {
    await client.end();
  }
}

describe('credentials sealed at rest, with key rotation (SPEC C7)', () => {
  it('stores only ciphertext naming its key; no encoding of the secret is in the row', async () => {
    const stores = createPostgresStores({
      connectionString: url,
      tenant: 'seal',
      secretKey: { id: '2026-01', key: keyOf(1) },
    });
    await stores.connections.put(record('c1'));
    await stores.close();
    const [row] = (await rawRows()).filter((r) => r.tenant === 'seal');
    expect(row).toMatchObject({
      key_id: '2026-01',
      credentials: { kid: '2026-01', alg: 'aes-256-gcm', v: 1 },
    });
    const text = JSON.stringify(row);
    for (const form of [
      PRIVATE_KEY,
      Buffer.from(PRIVATE_KEY).toString('base64'),
      encodeURIComponent(PRIVATE_KEY),
    ]) {
      expect(text).not.toContain(form);
    }
  });

  it('rotates keys: old rows open with previousKeys, reseal moves them all, then the old key can go', async () => {
    const oldKey = keyOf(2);
    const newKey = { id: 'new', key: keyOf(3) };
    const before = createPostgresStores({ connectionString: url, tenant: 'rotate', secretKey: oldKey });
    for (const id of ['a', 'b', 'c']) await before.connections.put(record(id));
    await before.close();
    expect((await rawRows()).filter((r) => r.tenant === 'rotate').map((r) => r.key_id)).toEqual(
      Array(3).fill(keyIdOf(oldKey)),
    );

    // Without the old key, its rows cannot be opened: a STORAGE error naming the key id.
    const withoutOld = createPostgresStores({ connectionString: url, tenant: 'rotate', secretKey: newKey });
    await expect(withoutOld.connections.get('a')).rejects.toMatchObject({
      code: 'STORAGE',
      message: expect.stringContaining(keyIdOf(oldKey)),
    });
    await withoutOld.close();

    // With it among previousKeys, they open; new writes use the new key.
    const during = createPostgresStores({
      connectionString: url,
      tenant: 'rotate',
      secretKey: newKey,
      previousKeys: [oldKey],
    });
    expect((await during.connections.get('a'))?.credentials.reveal()).toMatchObject({
      privateKey: PRIVATE_KEY,
    });
    await during.connections.put(record('d'));
    await during.close();

    expect(
      await resealCredentials({
        connectionString: url,
        secretKey: newKey,
        previousKeys: [oldKey],
        tenant: 'rotate',
      }),
    ).toEqual({
      resealed: 3,
    });
    expect(
      await resealCredentials({
        connectionString: url,
        secretKey: newKey,
        previousKeys: [oldKey],
        tenant: 'rotate',
      }),
    ).toEqual({
      resealed: 0,
    });
    expect(new Set((await rawRows()).filter((r) => r.tenant === 'rotate').map((r) => r.key_id))).toEqual(
      new Set(['new']),
    );

    const after = createPostgresStores({ connectionString: url, tenant: 'rotate', secretKey: newKey });
    for (const id of ['a', 'b', 'c', 'd']) {
      expect((await after.connections.get(id))?.credentials.reveal()).toMatchObject({
        privateKey: PRIVATE_KEY,
      });
    }
    await after.close();
  });

  it('refuses to open credentials with a wrong key under the right id', async () => {
    const stores = createPostgresStores({
      connectionString: url,
      tenant: 'tamper',
      secretKey: { id: 'k', key: keyOf(4) },
    });
    await stores.connections.put(record('x'));
    await stores.close();
    const impostor = createPostgresStores({
      connectionString: url,
      tenant: 'tamper',
      secretKey: { id: 'k', key: keyOf(5) },
    });
    await expect(impostor.connections.get('x')).rejects.toMatchObject({ code: 'STORAGE' });
    await impostor.close();
  });
});
