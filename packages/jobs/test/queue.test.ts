import { createBridge } from '@psa-bridge/core';
import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';
import { createJobQueue, type JobQueue, type WorkerEvent } from '@psa-bridge/jobs';
import { createPostgresStores } from '@psa-bridge/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, keyOf } from '../../postgres/test/support/databases.js';

const KEY = keyOf(6);
let url: string;
let jobs: JobQueue;
let world: DemoWorld;

beforeAll(async () => {
  url = await freshDatabase();
  jobs = await createJobQueue({ connectionString: url, retryDelaySeconds: 1, maintenanceIntervalSeconds: 1 });
  world = await createDemoWorld({ latencyMs: 20 });
});
afterAll(async () => {
  await jobs?.close();
  await world?.close();
  for (const own of worlds.values()) await own.close();
});

/** Tenants with a world of their own (fresh GoTo users); the others share `world`. */
const worlds = new Map<string, DemoWorld>();
const worldOf = (tenant: string): DemoWorld => worlds.get(tenant) ?? world;
const bridgeFor = (tenant: string) =>
  createBridge({
    providers: worldOf(tenant).providers,
    goto: goto(worldOf(tenant).goto),
    stores: createPostgresStores({ connectionString: url, tenant, secretKey: KEY, maxConnections: 2 }),
  });

/** A tenant with a saved ConnectWise connection; resolves its id. */
async function connected(tenant: string): Promise<string> {
  const saved = await bridgeFor(tenant).connections.testAndSave({
    providerId: 'connectwise',
    product: 'resolve',
    credentials: worldOf(tenant).connectwise.credentials,
  });
  if (!saved.saved) throw new Error(saved.failure.message);
  return saved.connection.id;
}

const until = async (check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('jobs on a worker in this process', () => {
  it('runs an auto-map job and keeps its report', async () => {
    const connectionId = await connected('automap');
    const id = await jobs.enqueueAutoMap({ tenant: 'automap', connectionId, options: { dryRun: true } });
    expect(await jobs.enqueueAutoMap({ tenant: 'automap', connectionId, options: { dryRun: true } })).toBe(
      id,
    );
    const worker = await jobs.startWorker({ bridgeFor, pollingIntervalSeconds: 0.5 });
    try {
      await until(async () => (await jobs.status('automap', id))?.state === 'done');
    } finally {
      await worker.stop();
    }
    const status = await jobs.status('automap', id);
    expect(status).toMatchObject({
      kind: 'auto-map',
      tenant: 'automap',
      state: 'done',
      progress: { done: 3, total: 3 },
    });
    // Active companies only (the default filter): Globex BV is inactive, so Globex B.V. is found.
    expect(status?.report).toMatchObject({ totals: { found: 2, multiple: 0, none: 1, saved: 0 } });
  });

  it('a stop that times out hands the running import back; another worker finishes it, nobody twice', async () => {
    const tenant = 'handback';
    const connectionId = await connected(tenant);
    const bridge = bridgeFor(tenant);
    const acme = world.gotoFake.account('Acme Corporation');
    if (!acme) throw new Error('the demo world has no Acme');
    await bridge.mappings.save({ connectionId, accountKey: acme.key, companyId: '9001' });
    const plan = await bridge.imports.plan({ connectionId, accountKey: acme.key });
    const creates = plan.rows.filter((row) => row.action === 'create');
    const before = world.gotoFake.users(acme.key).length;
    const id = await jobs.enqueueImport({ tenant, plan, options: { batchSize: 2 } });

    const events: WorkerEvent[] = [];
    const first = await jobs.startWorker({
      bridgeFor,
      pollingIntervalSeconds: 0.5,
      onEvent: (e) => events.push(e),
    });
    await until(() => world.gotoFake.users(acme.key).length >= before + 4);
    await first.stop({ graceful: true, timeoutMs: 50 }); // does not finish in 50 ms: handed back
    expect(events).toContainEqual({ type: 'handed-back', jobId: id, reason: 'stopping' });
    expect(events.some((event) => event.type === 'failed')).toBe(false);
    const handedBack = world.gotoFake.users(acme.key).length - before;
    expect(handedBack).toBeLessThan(creates.length);
    // Durably back in the queue before stop() resolved: queued at once, not running until it expires.
    expect((await jobs.status(tenant, id))?.state).toBe('queued');

    const second = await jobs.startWorker({ bridgeFor, pollingIntervalSeconds: 0.5 });
    try {
      // Taken by the next worker's poll: it was queued to run now, not when its expiry (an hour) comes.
      await until(async () => (await jobs.status(tenant, id))?.state !== 'queued', 60_000);
      await until(async () => (await jobs.status(tenant, id))?.state === 'done');
    } finally {
      await second.stop();
    }
    const emails = world.gotoFake.users(acme.key).map((user) => user.email.toLowerCase());
    expect(emails.length - before).toBe(creates.length);
    expect(new Set(emails).size).toBe(emails.length);
    const status = await jobs.status(tenant, id);
    // A hand-back is not a failure: no retry was spent on it.
    expect(status?.retries).toBe(0);
    // One run of the app, whatever the hand-back: the report says run 1.
    expect(status?.report).toMatchObject({ run: 1 });
    expect(status?.report).toMatchObject({ totals: { created: creates.length, failed: 0 } });
    expect(status?.progress?.done).toBe(status?.progress?.total);
  });

  it('cancels a running import: it stops before its next batch, and no worker takes it up again', async () => {
    const tenant = 'cancel-running';
    const own = await createDemoWorld({ latencyMs: 20 });
    worlds.set(tenant, own);
    const connectionId = await connected(tenant);
    const bridge = bridgeFor(tenant);
    const acme = own.gotoFake.account('Acme Corporation');
    if (!acme) throw new Error('the demo world has no Acme');
    await bridge.mappings.save({ connectionId, accountKey: acme.key, companyId: '9001' });
    const plan = await bridge.imports.plan({ connectionId, accountKey: acme.key });
    const creates = plan.rows.filter((row) => row.action === 'create').length;
    const before = own.gotoFake.users(acme.key).length;
    const id = await jobs.enqueueImport({ tenant, plan, options: { batchSize: 1 } });
    const events: WorkerEvent[] = [];
    const worker = await jobs.startWorker({
      bridgeFor,
      pollingIntervalSeconds: 0.5,
      onEvent: (e) => events.push(e),
    });
    try {
      await until(() => own.gotoFake.users(acme.key).length >= before + 3);
      await jobs.cancel(tenant, id);
      await until(() => events.some((event) => event.type === 'cancelled' || event.type === 'finished'));
    } finally {
      await worker.stop();
    }
    expect(events.filter((event) => event.type === 'finished')).toEqual([]);
    expect(own.gotoFake.users(acme.key).length - before).toBeLessThan(creates);
    const cancelled = await jobs.status(tenant, id);
    expect(cancelled?.state).toBe('cancelled');
    // Progress in the import's own counts: done never passes total.
    expect(cancelled?.progress?.done).toBeLessThanOrEqual(cancelled?.progress?.total ?? 0);
    // Cancelled means cancelled: no worker takes it up again. A create the stopped worker had
    // already sent may still land (the simulator answers after its 20 ms latency, as a server
    // finishes a request its client gave up on): let it, then count.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = own.gotoFake.users(acme.key).length;
    const again = await jobs.startWorker({ bridgeFor, pollingIntervalSeconds: 0.5 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await again.stop();
    expect(own.gotoFake.users(acme.key).length).toBe(later);
  });

  it('refuses jobs without a tenant or plan, naming what is missing', async () => {
    await expect(jobs.enqueueImport({ tenant: '', plan: { id: 'x' } as never })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'tenant' },
    });
    await expect(jobs.enqueueImport({ tenant: 't', plan: { id: 'x' } as never })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'plan' },
    });
    await expect(jobs.enqueueAutoMap({ tenant: 't', connectionId: '' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(createJobQueue({ connectionString: '' })).rejects.toMatchObject({ code: 'CONFIGURATION' });
  });
});
