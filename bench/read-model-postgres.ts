/**
 * The read model on PostgreSQL (issue: the read model), figures only. `TENANTS` partners share
 * one database, each with `ACCOUNTS` GoTo accounts and `COMPANIES` companies of one connection
 * in the read-model tables (written in bulk, as refreshes leave them). A page of 50 rows of the
 * mapping column through `bridge.mappings.accounts` on PostgreSQL stores, for pages of 20 of
 * the tenants after each was opened once, against the same page read by one plain indexed SQL
 * query, in the same run: p50 and p99; and the first page of a tenant (the view built from the
 * copy). The full size of the issue (100,000 companies x 3 connections a tenant, 31 million
 * rows) with `READ_MODEL_BENCH_FULL=1`.
 */
import { createBridge } from '@psa-bridge/core';
import { createMemoryGoto, createMemoryPsa } from '@psa-bridge/core/testing';
import { createPostgresStores, migrate } from '@psa-bridge/postgres';
import pg from 'pg';
import { startTestPostgres } from '../packages/postgres/test/support/postgres-server.js';

const FULL = process.env.READ_MODEL_BENCH_FULL === '1';
const TENANTS = 100;
const ACCOUNTS = 10_000;
const COMPANIES = FULL ? 100_000 : 10_000;
const SERVED = 20;
const PAGES = 2_000;
const KEY = Buffer.alloc(32, 9).toString('base64');

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
};

const state = (generation: number) =>
  JSON.stringify({
    generation,
    refreshedAt: '2026-12-01T00:00:00.000Z',
    fullAt: '2026-12-01T00:00:00.000Z',
    changedSince: '2026-12-01T00:00:00.000Z',
    staging: null,
    failure: null,
    extras: { statuses: [{ id: '1', name: 'Active', inactive: false }], types: [] },
  });

export async function benchReadModelPostgres(): Promise<void> {
  const server = await startTestPostgres();
  const pool = new pg.Pool({ connectionString: server.url, max: 20 });
  try {
    await migrate({ pool });
    const psa = createMemoryPsa({ data: { companies: [] } });
    const started = performance.now();
    // Every tenant's connection, then its lists in bulk.
    const connectionOf = new Map<string, string>();
    for (let t = 0; t < TENANTS; t += 1) {
      const tenant = `tenant-${t}`;
      const bridge = createBridge({
        providers: [psa.provider],
        goto: createMemoryGoto({ accounts: [] }).client(),
        stores: createPostgresStores({ pool, tenant, secretKey: KEY }),
      });
      const saved = await bridge.connections.testAndSave({
        providerId: 'memory',
        product: 'resolve',
        credentials: psa.credentials,
      });
      if (!saved.saved) throw new Error(saved.failure.message);
      connectionOf.set(tenant, saved.connection.id);
    }
    const connections = FULL ? 3 : 1;
    for (let t = 0; t < TENANTS; t += 1) {
      const tenant = `tenant-${t}`;
      const companies = `companies:${encodeURIComponent(connectionOf.get(tenant) ?? '')}:`;
      await pool.query(
        `INSERT INTO psa_bridge_read_model_state (tenant_id, scope, version, state) VALUES ($1, 'accounts', 1, $2), ($1, $3, 1, $2)`,
        [tenant, state(1), companies],
      );
      await pool.query(
        `INSERT INTO psa_bridge_read_model_rows (tenant_id, scope, generation, id, position, record)
         SELECT $1, 'accounts', 1, 'acct-' || n, n, json_build_object('key', 'acct-' || n, 'name', 'Customer ' || n || ' Holding')::text
         FROM generate_series(0, $2::int - 1) AS n`,
        [tenant, ACCOUNTS],
      );
      for (let c = 0; c < connections; c += 1) {
        await pool.query(
          `INSERT INTO psa_bridge_read_model_rows (tenant_id, scope, generation, id, position, record)
           SELECT $1, $3, 1, n::text, n, json_build_object('id', n::text, 'name', 'Company ' || n, 'status', json_build_object('id', '1', 'name', 'Active'))::text
           FROM generate_series(1, $2::int) AS n`,
          [tenant, COMPANIES, c === 0 ? companies : `companies:other-${c}:`],
        );
      }
    }
    await pool.query('ANALYZE');
    const rows = (
      await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM psa_bridge_read_model_rows')
    ).rows[0]?.n;
    console.log(
      `read model on PostgreSQL: ${TENANTS} tenants x (${ACCOUNTS.toLocaleString('en')} accounts + ${connections} x ${COMPANIES.toLocaleString('en')} companies), ${Number(rows).toLocaleString('en')} rows, written in ${((performance.now() - started) / 1000).toFixed(0)} s; ${server.how}`,
    );

    const bridges = Array.from({ length: SERVED }, (_, t) => {
      const tenant = `tenant-${t * Math.floor(TENANTS / SERVED)}`;
      return {
        tenant,
        connectionId: connectionOf.get(tenant) ?? '',
        bridge: createBridge({
          providers: [psa.provider],
          goto: createMemoryGoto({ accounts: [] }).client(),
          stores: createPostgresStores({ pool, tenant, secretKey: KEY }),
          viewCacheMs: 60 * 60_000,
        }),
      };
    });
    const first: number[] = [];
    for (const { bridge, connectionId } of bridges) {
      const start = performance.now();
      const page = await bridge.mappings.accounts(connectionId, { pageSize: 50 });
      first.push(performance.now() - start);
      if (page.counts.all !== ACCOUNTS) throw new Error('the copy is not what was written');
    }
    const viaBridge: number[] = [];
    const viaSql: number[] = [];
    for (let n = 0; n < PAGES; n += 1) {
      const { bridge, connectionId, tenant } = bridges[n % SERVED] as (typeof bridges)[number];
      const offset = ((n * 37) % (ACCOUNTS / 50)) * 50;
      let start = performance.now();
      // The page's cursor as the bridge writes it (an offset into the view).
      const cursor = Buffer.from(JSON.stringify({ v: 1, list: 'mappings.accounts', at: offset })).toString(
        'base64url',
      );
      const page = await bridge.mappings.accounts(connectionId, {
        pageSize: 50,
        ...(offset ? { cursor } : {}),
      });
      if (page.items.length !== 50) throw new Error('a short page');
      viaBridge.push(performance.now() - start);
      start = performance.now();
      await pool.query(
        `SELECT id, position, record FROM psa_bridge_read_model_rows
         WHERE tenant_id = $1 AND scope = 'accounts' AND generation = 1 ORDER BY position, id LIMIT 50 OFFSET $2`,
        [tenant, offset],
      );
      viaSql.push(performance.now() - start);
    }
    const p = (values: number[]) =>
      `p50 ${quantile(values, 0.5).toFixed(2)} ms, p99 ${quantile(values, 0.99).toFixed(2)} ms`;
    console.log(
      `  first page of a tenant     median ${quantile(first, 0.5).toFixed(0)} ms (the view built from its copy, once per copy and process)`,
    );
    console.log(
      `  a page through the bridge  ${p(viaBridge)} (${PAGES.toLocaleString('en')} pages over ${SERVED} tenants)`,
    );
    console.log(
      `  one plain indexed query    ${p(viaSql)}; the bridge's p99 is ${(quantile(viaBridge, 0.99) / quantile(viaSql, 0.99)).toFixed(2)}x (target ≤ 2x)`,
    );
  } finally {
    await pool.end();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchReadModelPostgres();
