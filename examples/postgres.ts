/**
 * psa-bridge on PostgreSQL (SPEC S1): two partners (tenants) in one database, the quickstart's
 * flow for one of them, and a key rotation. Against the built-in simulators; the database is
 * yours:
 *
 *   DATABASE_URL=postgres://user:password@localhost:5432/psa npm run postgres --workspace=@psa-bridge/examples
 *
 * It creates the psa-bridge tables (`migrate()`, safe to repeat) and writes rows for the tenants
 * `example-north` and `example-south`. `PSA_BRIDGE_KEY` (32 bytes, base64) seals credentials;
 * without it a random key is used for this run.
 */
import { randomBytes } from 'node:crypto';
import { createBridge } from '@psa-bridge/core';
import { createDemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';
import { createPostgresStores, migrate, resealCredentials } from '@psa-bridge/postgres';
import pg from 'pg';

const url = process.env.DATABASE_URL?.trim();
if (!url) {
  console.error(
    'postgres example: set DATABASE_URL to a PostgreSQL database, like postgres://user:password@localhost:5432/psa',
  );
  process.exit(1);
}
const key = {
  id: 'example-1',
  key: process.env.PSA_BRIDGE_KEY?.trim() || randomBytes(32).toString('base64'),
};

const migration = await migrate({ connectionString: url });
console.log(
  `schema: version ${migration.from} → ${migration.to}${migration.applied.length === 0 ? ' (already current)' : ''}`,
);

const pool = new pg.Pool({ connectionString: url }); // one pool, many tenants
const world = await createDemoWorld();
try {
  // Each partner gets stores scoped to its tenant id; the rows of one are invisible to the other.
  const north = createPostgresStores({ pool, tenant: 'example-north', secretKey: key });
  const south = createPostgresStores({ pool, tenant: 'example-south', secretKey: key });
  for (const stores of [north, south]) {
    // A fresh start for the example: earlier runs' rows of these tenants go.
    for (const connection of await stores.connections.list()) {
      await stores.mappings.deleteByConnection(connection.id);
      await stores.connections.delete(connection.id);
    }
  }
  const bridge = createBridge({ providers: world.providers, goto: goto(world.goto), stores: north });

  const saved = await bridge.connections.testAndSave({
    providerId: 'connectwise',
    product: 'resolve',
    credentials: world.connectwise.credentials,
  });
  if (!saved.saved) throw new Error(saved.failure.message);
  const connectionId = saved.connection.id;
  console.log(`example-north: saved ${saved.connection.label} (credentials sealed with key "${key.id}")`);
  console.log(`example-south: sees ${(await south.connections.list()).length} connections`);

  const mapped = await bridge.mappings.autoMapAll(connectionId);
  console.log(`auto-mapping: saved ${mapped.totals.saved}, to review ${mapped.totals.review}`);
  const page = await bridge.mappings.list(connectionId, { pageSize: 100 });
  console.log(`mappings: ${page.items.map((m) => `${m.companyName} #${m.companyId}`).join(', ')}`);

  const acme = world.gotoFake.account('Acme Corporation');
  if (!acme) throw new Error('the demo world has no Acme');
  const plan = await bridge.imports.plan({ connectionId, accountKey: acme.key });
  const first = await bridge.imports.run(plan);
  const again = await bridge.imports.run(plan);
  console.log(`import: created ${first.totals.created}; again: new in this run ${again.totals.newlyCreated}`);

  const inbound = await bridge.endUsers.resolveInbound({
    accountKey: acme.key,
    email: 'claire.johnson@myorg.org',
    channel: 'email',
  });
  console.log(`inbound: claire.johnson@myorg.org → ${inbound.kind}`);

  const health = await bridge.mappings.verify(connectionId);
  console.log(`mapping health: ${health.healthy} of ${health.checked} healthy`);

  // Key rotation: deploy a new key with the old one as previous, then re-seal every row.
  const next = { id: 'example-2', key: randomBytes(32).toString('base64') };
  const { resealed } = await resealCredentials({
    pool,
    secretKey: next,
    previousKeys: [key],
    tenant: 'example-north',
  });
  const rotated = createPostgresStores({ pool, tenant: 'example-north', secretKey: next });
  const reopened = await rotated.connections.get(connectionId);
  console.log(
    `key rotation: re-sealed ${resealed} connection(s); readable with the new key alone: ${reopened !== null}`,
  );
} finally {
  await world.close();
  await pool.end();
}
