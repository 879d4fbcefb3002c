import { type Company, createBridge } from '@psa-bridge/core';
import { createMemoryGoto, createMemoryPsa, createTestClock } from '@psa-bridge/core/testing';
import { createPostgresStores, migrate } from '@psa-bridge/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, keyOf } from './support/databases.js';

let url: string;
let pool: pg.Pool;
beforeAll(async () => {
  url = await freshDatabase();
  await migrate({ connectionString: url });
  pool = new pg.Pool({ connectionString: url, max: 10 });
});
afterAll(() => pool.end());

/** Tenant ids made to collide: LIKE wildcards, quotes, prefixes of each other, emoji, escapes. */
const HOSTILE = [
  't',
  't%',
  't_',
  "t'; DROP TABLE psa_bridge_read_model_rows; --",
  't\\',
  'T',
  't 👩‍💻',
  'tt',
];

function partner(tenant: string, n: number) {
  const companies: Company[] = Array.from({ length: 12 }, (_, i) => ({
    id: String(i + 1),
    name: `${tenant} company ${i + 1}`,
    status: { id: '1', name: 'Active' },
  }));
  const psa = createMemoryPsa({ pageSize: 5, data: { companies } });
  const goto = createMemoryGoto({
    accounts: Array.from({ length: 3 + n }, (_, i) => ({ name: `${tenant} account ${i + 1}` })),
  });
  const bridge = createBridge({
    providers: [psa.provider],
    goto: goto.client(),
    stores: createPostgresStores({ pool, tenant, secretKey: keyOf(3) }),
    connectOptions: { clock: createTestClock() },
  });
  return { tenant, psa, bridge, accounts: 3 + n };
}

describe('the read model on PostgreSQL', () => {
  it('keeps hostile tenants apart: no refresh reads, writes or deletes another’s rows', async () => {
    const partners = HOSTILE.map(partner);
    const connections = new Map<string, string>();
    for (const p of partners) {
      const saved = await p.bridge.connections.testAndSave({
        providerId: 'memory',
        product: 'resolve',
        credentials: p.psa.credentials,
      });
      if (!saved.saved) throw new Error('not saved');
      connections.set(p.tenant, saved.connection.id);
    }
    // Every partner refreshes at once.
    await Promise.all(partners.map((p) => p.bridge.refresh(connections.get(p.tenant) as string)));
    for (const p of partners) {
      const page = await p.bridge.mappings.accounts(connections.get(p.tenant) as string);
      expect(page.counts.all, p.tenant).toBe(p.accounts);
      expect(
        page.items.every((row) => row.account.name.startsWith(`${p.tenant} account`)),
        p.tenant,
      ).toBe(true);
    }
    // Deleting one partner's connection forgets its lists only.
    const [first, ...others] = partners;
    if (!first) throw new Error('no partner');
    await first.bridge.connections.delete(connections.get(first.tenant) as string);
    const left = await pool.query<{ tenant_id: string; rows: string }>(
      `SELECT tenant_id, count(*)::text AS rows FROM psa_bridge_read_model_rows
       WHERE scope LIKE 'companies:%' GROUP BY tenant_id`,
    );
    const byTenant = new Map(left.rows.map((row) => [row.tenant_id, Number(row.rows)]));
    expect(byTenant.has(first.tenant)).toBe(false);
    for (const p of others) expect(byTenant.get(p.tenant), p.tenant).toBe(12);
    for (const p of others) {
      const page = await p.bridge.mappings.accounts(connections.get(p.tenant) as string);
      expect(page.counts.all, p.tenant).toBe(p.accounts);
    }
  });

  it('keeps the old copy visible when a refresh fails half-way, in another process too', async () => {
    const p = partner('half-way', 0);
    const saved = await p.bridge.connections.testAndSave({
      providerId: 'memory',
      product: 'resolve',
      credentials: p.psa.credentials,
    });
    if (!saved.saved) throw new Error('not saved');
    const connectionId = saved.connection.id;
    await p.bridge.refresh(connectionId);
    p.psa.data.companies.push(
      ...Array.from({ length: 20 }, (_, i) => ({ id: String(100 + i), name: `New ${i}` })),
    );
    // Half-way: GoTo's accounts are read, then the PSA fails every request.
    const failed = await p.bridge
      .refresh(connectionId, {
        mode: 'full',
        onProgress: ({ part }) => {
          if (part === 'accounts') p.psa.faults.push({ kind: 'status', status: 500 }, 50);
        },
      })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    p.psa.faults.clear();
    // Another process sees the previous complete copy (12 companies, no new ones) and the failure.
    const other = createPostgresStores({ connectionString: url, tenant: 'half-way', secretKey: keyOf(3) });
    const scope = `companies:${encodeURIComponent(connectionId)}:`;
    const state = await other.readModel?.getState(scope);
    expect(state?.failure?.code).toBe('UPSTREAM');
    const rows = await other.readModel?.listRows(scope, state?.generation ?? 0, { limit: 100 });
    expect(rows?.items).toHaveLength(12);
    const column = await p.bridge.mappings.accounts(connectionId);
    expect(column.counts.needsAttention).toBe(0);
    await other.close();
  });
});
