import { createPostgresStores, migrate } from '@psa-bridge/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, keyOf } from './support/databases.js';

const ROWS = 100_000;
let url: string;
let pool: pg.Pool;
beforeAll(async () => {
  url = await freshDatabase();
  await migrate({ connectionString: url });
  pool = new pg.Pool({ connectionString: url });
  // 100,000 mappings and weak end users for one tenant, and a few of another, written in bulk.
  await pool.query(
    `INSERT INTO psa_bridge_mappings (tenant, connection_id, account_key, company_id, company_name, source, mapped_at)
     SELECT 'big', 'c1', 'acct-' || lpad(n::text, 6, '0'), n::text, 'Company ' || n, 'automatic', '2026-01-01T00:00:00.000Z'
     FROM generate_series(1, $1) AS n
     UNION ALL SELECT 'small', 'c1', 'acct-' || n, n::text, 'Other', 'manual', '2026-01-01T00:00:00.000Z' FROM generate_series(1, 3) AS n`,
    [ROWS],
  );
  await pool.query(
    `INSERT INTO psa_bridge_weak_end_users (tenant, email, first_name, last_name, display_name, channel, name_source, created_at)
     SELECT 'big', 'user' || lpad(n::text, 6, '0') || '@example.org', 'First', 'Last', 'First Last', 'email', 'email', '2026-01-01T00:00:00.000Z'
     FROM generate_series(1, $1) AS n`,
    [ROWS],
  );
});
afterAll(() => pool.end());

describe('no unbounded lists: 100,000 rows page by page (SPEC S1)', () => {
  it('lists 100,000 mappings in pages of 1,000, in order, each row once, no other tenant', async () => {
    const stores = createPostgresStores({ pool, tenant: 'big', secretKey: keyOf(1) });
    let after: string | undefined;
    let count = 0;
    let pages = 0;
    let previous = '';
    do {
      const page = await stores.mappings.listPage('c1', {
        limit: 1_000,
        ...(after === undefined ? {} : { after }),
      });
      for (const mapping of page.items) {
        expect(mapping.accountKey > previous).toBe(true);
        previous = mapping.accountKey;
      }
      count += page.items.length;
      pages += 1;
      after = page.next;
    } while (after !== undefined);
    expect(count).toBe(ROWS);
    expect(pages).toBe(ROWS / 1_000);
  });

  it('lists 100,000 weak end users in pages, and a page costs an index scan, not a sort of all rows', async () => {
    const stores = createPostgresStores({ pool, tenant: 'big', secretKey: keyOf(1) });
    let after: string | undefined;
    let count = 0;
    do {
      const page = await stores.weakEndUsers.listPage({
        limit: 5_000,
        ...(after === undefined ? {} : { after }),
      });
      count += page.items.length;
      after = page.next;
    } while (after !== undefined);
    expect(count).toBe(ROWS);
    await pool.query('ANALYZE psa_bridge_weak_end_users');
    const plan = await pool.query(
      `EXPLAIN SELECT email FROM psa_bridge_weak_end_users WHERE tenant = $1 AND email > $2 ORDER BY email LIMIT 1001`,
      ['big', 'user050000@example.org'],
    );
    const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index (Only )?Scan/);
    expect(text).not.toMatch(/Sort/);
  });
});
