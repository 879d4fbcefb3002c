import { runStoreConformance } from '@psa-bridge/core/testing';
import { createPostgresStores, migrate } from '@psa-bridge/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { freshDatabase, keyOf } from './support/databases.js';

let url: string;
let pool: pg.Pool;
let tenants = 0;
beforeAll(async () => {
  url = await freshDatabase();
  await migrate({ connectionString: url });
  pool = new pg.Pool({ connectionString: url, max: 20 });
});
afterAll(() => pool.end());

runStoreConformance(
  {
    name: 'PostgreSQL',
    tenants: true,
    concurrentProcesses: true,
    async setup() {
      // Every test gets new tenants: tenants are what keeps rows apart in one database.
      tenants += 1;
      const tenant = `partner-${tenants}`;
      const stores = createPostgresStores({ pool, tenant, secretKey: keyOf(1) });
      const otherTenant = createPostgresStores({ pool, tenant: `${tenant}-other`, secretKey: keyOf(1) });
      // A second process: its own pool on the same database.
      const secondProcess = createPostgresStores({ connectionString: url, tenant, secretKey: keyOf(1) });
      return { stores, otherTenant, secondProcess, close: () => secondProcess.close() };
    },
  },
  { describe, it },
  { rows: 1_000 },
);
